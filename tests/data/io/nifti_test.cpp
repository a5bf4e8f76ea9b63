#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>

#include "data/io/nifti_io.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"

namespace hypera::data {
namespace {

using test::ScratchFolder;

// Decompresses a whole .nii.gz with zlib alone, independently of nifticlib.
std::vector<uint8_t> gunzip(const std::filesystem::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  EXPECT_NE(file, nullptr);
  std::vector<uint8_t> bytes;
  uint8_t buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) bytes.insert(bytes.end(), buffer, buffer + n);
  gzclose(file);
  return bytes;
}

template <class T>
T field(const std::vector<uint8_t>& header, size_t offset) {
  T value;
  std::memcpy(&value, header.data() + offset, sizeof value);
  return value;
}

template <class T>
void set_field(std::vector<uint8_t>& header, size_t offset, T value) {
  std::memcpy(header.data() + offset, &value, sizeof value);
}

// Checks a uint8 NIfTI-1 template against its raw bytes, decoded here from the header offsets of the
// NIfTI-1 standard (dim at 40, datatype at 70, pixdim at 76, vox_offset at 108).
void expect_matches_raw_bytes(const std::filesystem::path& path, const ImageVolume& image) {
  const std::vector<uint8_t> raw = gunzip(path);
  ASSERT_EQ(field<int32_t>(raw, 0), 348);
  ASSERT_EQ(field<int16_t>(raw, 70), 2);  // DT_UINT8
  const int16_t nx = field<int16_t>(raw, 42), ny = field<int16_t>(raw, 44), nz = field<int16_t>(raw, 46);
  EXPECT_EQ(image.geometry.size, (std::array<int64_t, 3>{nx, ny, nz}));
  EXPECT_EQ(image.geometry.spacing[0], double(field<float>(raw, 80)));
  const size_t offset = size_t(field<float>(raw, 108));
  ASSERT_EQ(raw.size(), offset + size_t(nx) * ny * nz);
  for (size_t i = 0; i < image.voxels.size(); ++i) ASSERT_EQ(image.voxels[i], float(raw[offset + i])) << i;
}

TEST(Nifti, ReadsCh2BrainTemplate) {
  const auto path = test::mricron_template("ch2.nii.gz");
  const ImageVolume image = read_nifti(path);
  EXPECT_EQ(image.geometry.size, (std::array<int64_t, 3>{181, 217, 181}));
  EXPECT_EQ(image.geometry.spacing, (std::array<double, 3>{1, 1, 1}));
  EXPECT_EQ(image.geometry.affine[15], 1.0);
  expect_matches_raw_bytes(path, image);
}

TEST(Nifti, ReadsBrainExtractedTemplateOnTheSameGrid) {
  const ImageVolume head = read_nifti(test::mricron_template("ch2.nii.gz"));
  const auto path = test::mricron_template("ch2bet.nii.gz");
  const ImageVolume brain = read_nifti(path);
  EXPECT_EQ(brain.geometry.size, head.geometry.size);
  EXPECT_EQ(brain.geometry.affine, head.geometry.affine);
  const auto nonzero = [](const ImageVolume& v) { return std::count_if(v.voxels.begin(), v.voxels.end(), [](float x) { return x != 0; }); };
  EXPECT_LT(nonzero(brain), nonzero(head));  // the skull is gone
  EXPECT_GT(nonzero(brain), 0);
  expect_matches_raw_bytes(path, brain);
}

Geometry anisotropic_rotated_grid(int64_t nz) {
  Geometry g;
  g.size = {5, 4, nz};
  g.spacing = {0.5, 1.25, 3.0};
  g.affine = {0.375, -1.0, 0.0, -90.5, 0.25, 1.0, 0.5, 12.25, 0.0, -0.5, 3.0, 40.0, 0.0, 0.0, 0.0, 1.0};
  return g;
}

TEST(Nifti, FloatAndLabelRoundTripsAreExact) {
  ScratchFolder dir;
  for (const int64_t nz : {int64_t(3), int64_t(1)}) {
    ImageVolume image(anisotropic_rotated_grid(nz));
    LabelVolume labels(anisotropic_rotated_grid(nz));
    for (size_t i = 0; i < image.voxels.size(); ++i) {
      image.voxels[i] = float(i) * 0.37f - 5.125f + (i == 7 ? 1e30f : 0.0f);
      labels.voxels[i] = uint8_t((i * 7) % 256);
    }
    for (const std::string name : {"vol.nii", "vol.nii.gz"}) {
      const auto image_path = dir / ("image_" + std::to_string(nz) + name);
      const auto label_path = dir / ("labels_" + std::to_string(nz) + name);
      write_nifti(image_path, image);
      write_nifti(label_path, labels);
      const bool gz = name.size() > 4 && name.substr(name.size() - 3) == ".gz";
      const std::vector<uint8_t> head = test::read_bytes(image_path);
      if (gz) {
        EXPECT_EQ(head[0], 0x1f);
        EXPECT_EQ(head[1], 0x8b);
      } else {
        EXPECT_EQ(field<int32_t>(head, 0), 348);
      }
      const ImageVolume image_back = read_nifti(image_path);
      const ImageVolume labels_back = read_nifti(label_path);
      for (const ImageVolume* back : {&image_back, &labels_back}) {
        EXPECT_EQ(back->geometry.size, image.geometry.size) << name;
        EXPECT_EQ(back->geometry.spacing, image.geometry.spacing) << name;
        EXPECT_EQ(back->geometry.affine, image.geometry.affine) << name;
      }
      EXPECT_EQ(image_back.voxels, image.voxels) << name;
      for (size_t i = 0; i < labels.voxels.size(); ++i) ASSERT_EQ(labels_back.voxels[i], float(labels.voxels[i]));
    }
  }
}

TEST(Nifti, AppliesSclSlopeAndIntercept) {
  ScratchFolder dir;
  const auto path = dir / "scaled.nii";
  LabelVolume labels(anisotropic_rotated_grid(2));
  for (size_t i = 0; i < labels.voxels.size(); ++i) labels.voxels[i] = uint8_t(i);
  write_nifti(path, labels);
  std::vector<uint8_t> bytes = test::read_bytes(path);
  set_field(bytes, 112, 2.5f);   // scl_slope
  set_field(bytes, 116, -7.0f);  // scl_inter
  test::write_bytes(path, bytes);
  const ImageVolume image = read_nifti(path);
  for (size_t i = 0; i < labels.voxels.size(); ++i) EXPECT_EQ(image.voxels[i], 2.5f * float(i) - 7.0f);
}

TEST(Nifti, RejectsTimeSeries) {
  ScratchFolder dir;
  const auto path = dir / "series.nii";
  LabelVolume labels(anisotropic_rotated_grid(2));
  write_nifti(path, labels);
  std::vector<uint8_t> bytes = test::read_bytes(path);
  set_field<int16_t>(bytes, 40, 4);  // dim[0]: 4 dimensions
  set_field<int16_t>(bytes, 48, 2);  // dim[4]: nt = 2
  bytes.resize(bytes.size() + labels.voxels.size());
  test::write_bytes(path, bytes);
  test::expect_input_error([&] { read_nifti(path); }, path);
}

TEST(Nifti, UnwritablePathThrows) {
  ScratchFolder dir;
  const auto path = dir / "no" / "such" / "folder.nii.gz";
  test::expect_input_error([&] { write_nifti(path, LabelVolume(anisotropic_rotated_grid(1))); }, path);
}

}  // namespace
}  // namespace hypera::data
