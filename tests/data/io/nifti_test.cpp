#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <cmath>
#include <functional>
#include <cstring>
#include <limits>

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

// The raw NIfTI-1 bytes of the ch2bet template with `edit` applied, written uncompressed as `name`.
std::filesystem::path edited_ch2bet(const ScratchFolder& dir, const std::string& name,
                                    const std::function<void(std::vector<uint8_t>&)>& edit) {
  std::vector<uint8_t> bytes = gunzip(test::mricron_template("ch2bet.nii.gz"));
  edit(bytes);
  const auto path = dir / name;
  test::write_bytes(path, bytes);
  return path;
}

std::string read_error(const std::filesystem::path& path) {
  return test::input_error_message([&] { read_nifti(path); });
}

TEST(Nifti, DimensionsBelowOneAreErrorsNotOne) {
  // nifticlib reads a dimension of 0 or below as 1; the old reader returned a 181 x 1 x 181 image.
  ScratchFolder dir;
  const auto zero_y = edited_ch2bet(dir, "zero_y.nii", [](auto& b) { set_field<int16_t>(b, 44, 0); });
  EXPECT_NE(read_error(zero_y).find(zero_y.string() + ": corrupt NIfTI header (dimension dim[2] = 0 is not positive)"),
            std::string::npos);
  const auto negative_z = edited_ch2bet(dir, "negative_z.nii", [](auto& b) { set_field<int16_t>(b, 46, -5); });
  EXPECT_NE(read_error(negative_z).find("dim[3] = -5 is not positive"), std::string::npos);
  const auto no_dims = edited_ch2bet(dir, "no_dims.nii", [](auto& b) { set_field<int16_t>(b, 40, 0); });
  EXPECT_NE(read_error(no_dims).find("dim[0] = 0, expected 1..7"), std::string::npos);
}

TEST(Nifti, DimensionsOverTheVoxelLimitFailBeforeAllocating) {
  // 32767^3 uint8 voxels would be 35 TB; the old reader ended in std::bad_alloc.
  ScratchFolder dir;
  const auto path = edited_ch2bet(dir, "huge.nii", [](auto& b) {
    for (size_t axis = 1; axis <= 3; ++axis) set_field<int16_t>(b, 40 + 2 * axis, 32767);
  });
  EXPECT_NE(read_error(path).find(path.string() + ": 32767 x 32767 x 32767 voxels exceed the limit"), std::string::npos);
}

TEST(Nifti, InvalidDataOffsetIsAnError) {
  // The old reader read from byte 348 (4 bytes early) for an offset below 352, NaN or negative, and accepted
  // an offset past the end.
  ScratchFolder dir;
  for (const float offset : {0.0f, 348.0f, -100.0f, std::numeric_limits<float>::quiet_NaN(), 1e30f, 8000000.0f}) {
    const auto path = edited_ch2bet(dir, "offset.nii", [&](auto& b) { set_field<float>(b, 108, offset); });
    EXPECT_NE(read_error(path).find(path.string() + ": invalid NIfTI data offset"), std::string::npos) << offset;
  }
  const auto late = edited_ch2bet(dir, "late.nii", [](auto& b) { set_field<float>(b, 108, 368.0f); });
  EXPECT_NE(read_error(late).find(late.string() + ": truncated NIfTI (expected 7109137 bytes"), std::string::npos);
}

TEST(Nifti, BitpixThatDisagreesWithTheDatatypeIsAnError) {
  ScratchFolder dir;
  const auto path = edited_ch2bet(dir, "bitpix.nii", [](auto& b) { set_field<int16_t>(b, 72, 64); });
  EXPECT_NE(read_error(path).find("bitpix 64 disagrees with datatype UINT8 of 8 bits"), std::string::npos);
}

// A NIfTI-2 file (540-byte header, no orientation) of nx x ny x nz uint8 voxels 0, 1, 2... written field by
// field from the NIfTI-2 standard's offsets; then `dims` replaces dim[1..3] in the header only.
std::filesystem::path nifti2_file(const ScratchFolder& dir, std::array<int64_t, 3> size, std::array<int64_t, 3> dims) {
  std::vector<uint8_t> bytes(544 + size_t(size[0] * size[1] * size[2]), 0);
  set_field<int32_t>(bytes, 0, 540);
  std::memcpy(bytes.data() + 4, "n+2\0\r\n\032\n", 8);
  set_field<int16_t>(bytes, 12, 2);  // datatype uint8
  set_field<int16_t>(bytes, 14, 8);  // bitpix
  const std::array<int64_t, 8> dim{3, dims[0], dims[1], dims[2], 1, 1, 1, 1};
  for (size_t i = 0; i < 8; ++i) set_field<int64_t>(bytes, 16 + 8 * i, dim[i]);
  for (size_t i = 0; i < 8; ++i) set_field<double>(bytes, 104 + 8 * i, 1.0);  // pixdim
  set_field<int64_t>(bytes, 168, 544);  // vox_offset
  for (size_t i = 544; i < bytes.size(); ++i) bytes[i] = uint8_t(i - 544);
  const auto path = dir / "nifti2.nii";
  test::write_bytes(path, bytes);
  return path;
}

TEST(Nifti, Nifti2DimensionsThatWrap64BitsAreRejected) {
  // 2^32 x 2^32 x 1 uint8 voxels: 2^64 bytes, 0 in 64-bit arithmetic. The old reader passed its truncation
  // check with an empty buffer and crashed (SIGSEGV).
  ScratchFolder dir;
  const ImageVolume intact = read_nifti(nifti2_file(dir, {4, 3, 2}, {4, 3, 2}));
  EXPECT_EQ(intact.geometry.size, (std::array<int64_t, 3>{4, 3, 2}));
  EXPECT_EQ(intact.voxels[23], 23.0f);
  const int64_t two_to_32 = int64_t{1} << 32;
  const auto path = nifti2_file(dir, {4, 3, 2}, {two_to_32, two_to_32, 1});
  EXPECT_NE(read_error(path).find(path.string() + ": 4294967296 x 4294967296 x 1 voxels exceed the limit"),
            std::string::npos);
}

TEST(Nifti, DamagedGzipStreamFailsItsChecksum) {
  // Eight bytes in the middle of the compressed stream: it still inflates to enough bytes, and the old reader
  // stopped before the gzip trailer and returned wrong voxels.
  ScratchFolder dir;
  std::vector<uint8_t> bytes = test::read_bytes(test::mricron_template("ch2bet.nii.gz"));
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 8; ++i) bytes[i] ^= 0x55;
  const auto path = dir / "damaged.nii.gz";
  test::write_bytes(path, bytes);
  EXPECT_EQ(read_error(path), path.string() + ": corrupt gzip data (checksum)");
}

}  // namespace
}  // namespace hypera::data
