// 4D NIfTI: read_nifti_volumes and write_nifti_volumes, and read_nifti's refusal of files with several volumes.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"
#include "data/io/nifti_io.h"
#include "data/io/size_limits.h"

namespace hypera::data {
namespace {

using test::ScratchFolder;

// NIfTI-1 header offsets (the standard's): dim[0..7] int16 at 40, scl_slope at 112, scl_inter at 116.
constexpr size_t kDim = 40;
constexpr size_t kHeaderAndExtender = 352;

template <class T>
void put(std::vector<uint8_t>& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

template <class T>
T get(const std::vector<uint8_t>& bytes, size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

Geometry oblique_grid(int64_t nz) {
  Geometry g;
  g.size = {4, 3, nz};
  g.spacing = {0.75, 1.5, 2.5};
  g.affine = {0.0, -1.5, 0.0, 30.25, 0.75, 0.0, 0.0, -12.5, 0.0, 0.0, 2.5, 7.0, 0.0, 0.0, 0.0, 1.0};
  return g;
}

// `count` volumes on `grid`, voxel i of volume v holding 100 v + 0.25 i - 3 (volume 1 also one huge value).
std::vector<ImageVolume> numbered_volumes(const Geometry& grid, int count) {
  std::vector<ImageVolume> volumes(size_t(count), ImageVolume{grid});
  for (int v = 0; v < count; ++v) {
    for (size_t i = 0; i < volumes[size_t(v)].voxels.size(); ++i) {
      volumes[size_t(v)].voxels[i] = 100.0f * float(v) + 0.25f * float(i) - 3.0f;
    }
  }
  volumes[1].voxels[5] = -2e30f;
  return volumes;
}

std::string volumes_error(const std::filesystem::path& path) {
  return test::input_error_message([&] { read_nifti_volumes(path); });
}

std::string volume_error(const std::filesystem::path& path) {
  return test::input_error_message([&] { read_nifti(path); });
}

TEST(NiftiVolumes, FourDimensionalFilesRoundTripEveryVolume) {
  ScratchFolder dir;
  for (const int64_t nz : {int64_t(3), int64_t(1)}) {
    const std::vector<ImageVolume> volumes = numbered_volumes(oblique_grid(nz), 3);
    for (const std::string ending : {".nii", ".nii.gz"}) {
      const auto path = dir / ("four_d_" + std::to_string(nz) + ending);
      write_nifti_volumes(path, volumes);
      const std::vector<ImageVolume> back = read_nifti_volumes(path);
      ASSERT_EQ(back.size(), 3u) << path;
      for (size_t v = 0; v < back.size(); ++v) {
        EXPECT_EQ(back[v].geometry.size, volumes[v].geometry.size) << path << " volume " << v;
        EXPECT_EQ(back[v].geometry.spacing, volumes[v].geometry.spacing) << path << " volume " << v;
        EXPECT_EQ(back[v].geometry.affine, volumes[v].geometry.affine) << path << " volume " << v;
        EXPECT_EQ(back[v].voxels, volumes[v].voxels) << path << " volume " << v;
      }
      if (ending == ".nii") {  // the header as the standard lays it out: dim[0] = 4, dim[3] = nz, dim[4] = 3
        const std::vector<uint8_t> bytes = test::read_bytes(path);
        EXPECT_EQ(get<int16_t>(bytes, kDim), 4);
        EXPECT_EQ(get<int16_t>(bytes, kDim + 6), nz);
        EXPECT_EQ(get<int16_t>(bytes, kDim + 8), 3);
        EXPECT_EQ(bytes.size(), kHeaderAndExtender + 3 * 4 * size_t(volumes[0].geometry.voxel_count()));
      }
      EXPECT_EQ(volume_error(path),
                path.string() + ": NIfTI holds more than one volume (dim[4] = 3); only one 2D/3D volume is supported");
    }
  }
}

TEST(NiftiVolumes, OneVolumeIsAPlainFileThatBothReadersRead) {
  ScratchFolder dir;
  const auto path = dir / "one.nii.gz";
  const std::vector<ImageVolume> one = numbered_volumes(oblique_grid(2), 2);
  write_nifti_volumes(path, {one[1]});
  const std::vector<ImageVolume> back = read_nifti_volumes(path);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].voxels, one[1].voxels);
  EXPECT_EQ(read_nifti(path).voxels, one[1].voxels);
}

TEST(NiftiVolumes, ScalingAppliesToEveryVolume) {
  ScratchFolder dir;
  const auto path = dir / "scaled.nii";
  const std::vector<ImageVolume> volumes = numbered_volumes(oblique_grid(2), 2);
  write_nifti_volumes(path, volumes);
  std::vector<uint8_t> bytes = test::read_bytes(path);
  put(bytes, 112, 2.0f);  // scl_slope
  put(bytes, 116, 0.5f);  // scl_inter
  test::write_bytes(path, bytes);
  const std::vector<ImageVolume> back = read_nifti_volumes(path);
  ASSERT_EQ(back.size(), 2u);
  for (size_t v = 0; v < 2; ++v) {
    for (size_t i = 0; i < back[v].voxels.size(); ++i) {
      ASSERT_EQ(back[v].voxels[i], float(2.0 * double(volumes[v].voxels[i]) + 0.5)) << v << " " << i;
    }
  }
}

TEST(NiftiVolumes, AFifthDimensionIsRefusedNamingTheFile) {
  ScratchFolder dir;
  const auto path = dir / "five_d.nii";
  write_nifti_volumes(path, numbered_volumes(oblique_grid(2), 2));
  std::vector<uint8_t> bytes = test::read_bytes(path);
  put<int16_t>(bytes, kDim, 5);       // dim[0]: 5 dimensions
  put<int16_t>(bytes, kDim + 10, 2);  // dim[5] = 2: twice the data
  bytes.resize(kHeaderAndExtender + 2 * (bytes.size() - kHeaderAndExtender));
  test::write_bytes(path, bytes);
  EXPECT_EQ(volumes_error(path), path.string() +
                                     ": NIfTI has more than 4 dimensions (dim[5] = 2); only 2D/3D "
                                     "volumes along dim[4] are supported");
  EXPECT_NE(volume_error(path).find(path.string() + ": NIfTI holds more than one volume (dim[4] = 2)"),
            std::string::npos);
}

TEST(NiftiVolumes, MissingBytesOfALaterVolumeAreATruncation) {
  ScratchFolder dir;
  const auto path = dir / "short.nii";
  write_nifti_volumes(path, numbered_volumes(oblique_grid(2), 3));  // 3 x 24 float32 voxels: 288 bytes
  test::copy_truncated(path, path, double(kHeaderAndExtender + 200) / double(kHeaderAndExtender + 288));
  EXPECT_NE(volumes_error(path).find(path.string() + ": truncated NIfTI (expected 288 bytes of voxel data"),
            std::string::npos)
      << volumes_error(path);
}

TEST(NiftiVolumes, VoxelsTimesVolumesOverTheLimitFailBeforeAllocating) {
  // A 352-byte uint8 header whose one volume is within HYPERA_MAX_VOXELS and whose volumes together are not.
  const int64_t limit = max_voxels_per_image();
  const int64_t side = std::min<int64_t>(32767, int64_t(std::cbrt(double(limit))));
  const int64_t volumes = limit / (side * side * side) + 1;
  ASSERT_LE(volumes, 32767) << "HYPERA_MAX_VOXELS too small for this test";
  ScratchFolder dir;
  const auto path = dir / "huge.nii";
  LabelVolume tiny(oblique_grid(1));
  write_nifti(path, tiny);
  std::vector<uint8_t> bytes = test::read_bytes(path);
  put<int16_t>(bytes, kDim, 4);
  for (size_t axis = 1; axis <= 3; ++axis) put<int16_t>(bytes, kDim + 2 * axis, int16_t(side));
  put<int16_t>(bytes, kDim + 8, int16_t(volumes));
  test::write_bytes(path, bytes);
  const std::string shape = std::to_string(side) + " x " + std::to_string(side) + " x " + std::to_string(side);
  EXPECT_NE(volumes_error(path).find(path.string() + ": " + shape + " x " + std::to_string(volumes) +
                                     " voxels exceed the limit"),
            std::string::npos)
      << volumes_error(path);
  // One such volume is within the limit: that header fails later, at the data it lacks.
  put<int16_t>(bytes, kDim + 8, 1);
  test::write_bytes(path, bytes);
  EXPECT_NE(volumes_error(path).find(path.string() + ": truncated NIfTI"), std::string::npos) << volumes_error(path);
}

TEST(NiftiVolumes, VolumesOnDifferentGridsAreAProgrammingError) {
  ScratchFolder dir;
  std::vector<ImageVolume> volumes = numbered_volumes(oblique_grid(2), 2);
  volumes[1].geometry.affine[3] += 1.0;
  EXPECT_THROW(write_nifti_volumes(dir / "two_grids.nii", volumes), std::invalid_argument);
  volumes = numbered_volumes(oblique_grid(2), 2);
  volumes[1].geometry.size[2] = 3;
  EXPECT_THROW(write_nifti_volumes(dir / "two_sizes.nii", volumes), std::invalid_argument);
  EXPECT_THROW(write_nifti_volumes(dir / "none.nii", {}), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(dir / "two_grids.nii"));
}

}  // namespace
}  // namespace hypera::data
