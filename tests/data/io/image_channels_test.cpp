// read_image_channels: a case's channels from one file per channel or from one 4D NIfTI, in order, and the
// refusals that name the file (another count, a single file that cannot hold channels, channels on two grids).
#include <gtest/gtest.h>

#include <stdexcept>

#include "common/expect_input_error.h"
#include "common/scratch_folder.h"
#include "data/io/image_reader.h"
#include "data/io/nifti_io.h"
#include "data/io/png_io.h"

namespace hypera::data {
namespace {

namespace fs = std::filesystem;

ImageVolume filled(const std::array<int64_t, 3>& size, float value) {
  Geometry g;
  g.size = size;
  return ImageVolume(g, value);
}

TEST(ImageChannels, OneFilePerChannelOrOne4DFileGiveTheChannelsInOrder) {
  const test::ScratchFolder dir;
  const fs::path a = dir.path() / "case_0000.nii.gz", b = dir.path() / "case_0001.nii.gz";
  write_nifti(a, filled({4, 3, 2}, 1));
  write_nifti(b, filled({4, 3, 2}, 2));
  const std::vector<ImageVolume> separate = read_image_channels({a, b}, 2);
  ASSERT_EQ(separate.size(), 2u);
  EXPECT_EQ(separate[0].voxels.front(), 1);
  EXPECT_EQ(separate[1].voxels.front(), 2);
  const fs::path four_d = dir.path() / "case.nii.gz";
  write_nifti_volumes(four_d, {filled({4, 3, 2}, 1), filled({4, 3, 2}, 2)});
  const std::vector<ImageVolume> together = read_image_channels({four_d}, 2);
  ASSERT_EQ(together.size(), 2u);
  EXPECT_EQ(together[0].voxels, separate[0].voxels);
  EXPECT_EQ(together[1].voxels, separate[1].voxels);
  EXPECT_EQ(read_image_channels({a}, 1).front().voxels, separate[0].voxels);
}

TEST(ImageChannels, RefusalsNameTheFile) {
  const test::ScratchFolder dir;
  const fs::path four_d = dir.path() / "case.nii.gz";
  write_nifti_volumes(four_d, {filled({4, 3, 2}, 1), filled({4, 3, 2}, 2)});
  test::expect_input_error([&] { read_image_channels({four_d}, 3); }, four_d);  // 2 volumes for 3 channels
  const fs::path png = dir.path() / "case.png";
  write_png_gray16(png, Volume<uint16_t>(filled({4, 3, 1}, 0).geometry, 7));
  test::expect_input_error([&] { read_image_channels({png}, 2); }, png);  // a PNG holds one channel
  const fs::path flat = dir.path() / "case_0001.nii.gz";
  write_nifti(flat, filled({4, 3, 1}, 2));
  test::expect_input_error([&] { read_image_channels({four_d, flat}, 2); }, four_d);  // a 4D file for one channel
  const fs::path a = dir.path() / "case_0000.nii.gz";
  write_nifti(a, filled({4, 3, 2}, 1));
  test::expect_input_error([&] { read_image_channels({a, flat}, 2); }, flat);  // channel 1 on another grid
  test::expect_input_error([&] { read_image_channels({a, flat, a}, 2); }, a);  // three files for two channels
  EXPECT_THROW(read_image_channels({}, 2), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::data
