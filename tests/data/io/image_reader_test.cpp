#include "data/io/image_reader.h"

#include <gtest/gtest.h>

#include "data/io/dicom_io.h"
#include "data/io/nifti_io.h"
#include "data/io/png_io.h"
#include "data/io/tiff_io.h"
#include "common/expect_input_error.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"
#include "common/two_dicom_series.h"

namespace hypera::data {
namespace {

using test::ScratchFolder;

const char* kName = "IXMtest_A06_s6_w1B9577918-4973-4A87-BA73-A168AA755527";

TEST(ImageReader, DispatchesByExtension) {
  ScratchFolder dir;
  const auto tif = test::bbbc039_root() / "images" / (std::string(kName) + ".tif");
  const auto png = test::bbbc039_root() / "masks" / (std::string(kName) + ".png");
  EXPECT_EQ(read_image(tif).voxels, read_tiff(tif).voxels);

  const ImageVolume mask = read_image(png);
  const Volume<uint16_t> red = read_png_channel(png, 0);
  ASSERT_EQ(mask.voxels.size(), red.voxels.size());
  for (size_t i = 0; i < red.voxels.size(); ++i) ASSERT_EQ(mask.voxels[i], float(red.voxels[i]));

  const auto upper = dir / "COPY.TIFF";
  std::filesystem::copy_file(tif, upper);
  EXPECT_EQ(read_image(upper).voxels, read_tiff(tif).voxels);

  const auto ch2 = test::mricron_template("ch2bet.nii.gz");
  EXPECT_EQ(read_image(ch2).geometry.size, read_nifti(ch2).geometry.size);
  const auto ct = test::pydicom_file("CT_small.dcm");
  EXPECT_EQ(read_image(ct).voxels, read_dicom_file(ct).voxels);

  std::filesystem::create_directory(dir / "series");
  std::filesystem::copy_file(ct, dir / "series" / "slice.dcm");
  EXPECT_EQ(read_image(dir / "series").voxels, read_dicom_file(ct).voxels);
}

TEST(ImageReader, PassesTheSeriesChoiceToAFolderAndIgnoresItForAFile) {
  ScratchFolder dir;
  test::copy_two_dicom_series(dir.path());
  EXPECT_EQ(read_image(dir.path(), {test::kThreeSliceSeries, "x"}).geometry.size, (std::array<int64_t, 3>{16, 16, 3}));
  EXPECT_EQ(read_image(dir.path(), {test::kFiveSliceSeries, "x"}).geometry.size, (std::array<int64_t, 3>{16, 16, 5}));
  const std::string message = test::input_error_message([&] { read_image(dir.path(), {"", "data.dicom_series"}); });
  EXPECT_NE(message.find("choose one with data.dicom_series"), std::string::npos) << message;
  const auto ct = test::pydicom_file("CT_small.dcm");
  EXPECT_EQ(read_image(ct, {"1.2.3", "x"}).voxels, read_dicom_file(ct).voxels);
}

}  // namespace
}  // namespace hypera::data
