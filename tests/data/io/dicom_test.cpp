#include <dcmtk/config/osconfig.h>  // must precede the other DCMTK headers
#include <dcmtk/dcmdata/dctk.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "data/io/dicom_io.h"
#include "support/input_error.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"

namespace hypera::data {
namespace {

using test::ScratchFolder;

double tag_number(const std::filesystem::path& path, const DcmTagKey& tag) {
  DcmFileFormat file;
  EXPECT_TRUE(file.loadFile(path.c_str()).good());
  Float64 value = 0;
  EXPECT_TRUE(file.getDataset()->findAndGetFloat64(tag, value).good());
  return value;
}

TEST(Dicom, CtSmallIsRescaledToHounsfieldUnits) {
  const auto path = test::pydicom_file("CT_small.dcm");
  const ImageVolume image = read_dicom_file(path);
  ASSERT_EQ(image.geometry.size, (std::array<int64_t, 3>{128, 128, 1}));
  EXPECT_DOUBLE_EQ(image.geometry.spacing[0], 0.661468);
  EXPECT_DOUBLE_EQ(image.geometry.spacing[1], 0.661468);
  EXPECT_DOUBLE_EQ(image.geometry.spacing[2], 5.0);

  // Pixel data element: tag (7FE0,0010), VR OW, 32768 bytes of int16 (explicit little endian). Find it
  // and decode it here from the file's bytes, independently of DCMTK.
  const std::vector<uint8_t> bytes = test::read_bytes(path);
  const uint8_t element_header[12] = {0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 0x00, 0x80, 0x00, 0x00};
  const auto found = std::search(bytes.begin(), bytes.end(), std::begin(element_header), std::end(element_header));
  ASSERT_NE(found, bytes.end());
  const size_t pixels_at = size_t(found - bytes.begin()) + 12;
  ASSERT_LE(pixels_at + 128 * 128 * 2, bytes.size());
  const double slope = tag_number(path, DCM_RescaleSlope);
  const double intercept = tag_number(path, DCM_RescaleIntercept);
  EXPECT_EQ(intercept, -1024.0);
  int differing = 0;
  for (size_t i = 0; i < 128 * 128; ++i) {
    int16_t raw;
    std::memcpy(&raw, bytes.data() + pixels_at + 2 * i, 2);
    differing += image.voxels[i] != float(raw * slope + intercept);
  }
  EXPECT_EQ(differing, 0);

  // Position [-158.135803, -179.035797, -75.699997], axial orientation; LPS -> RAS negates x and y.
  const std::array<double, 16> expected = {-0.661468, 0, 0, 158.135803, 0, -0.661468, 0, 179.035797,
                                           0, 0, 5.0, -75.699997, 0, 0, 0, 1};
  for (size_t i = 0; i < 16; ++i) EXPECT_NEAR(image.geometry.affine[i], expected[i], 1e-9) << i;
}

TEST(Dicom, RleAndJpegLsDecodeToTheUncompressedValues) {
  const ImageVolume plain = read_dicom_file(test::pydicom_file("MR_small.dcm"));
  ASSERT_EQ(plain.geometry.size, (std::array<int64_t, 3>{64, 64, 1}));
  for (const char* name : {"MR_small_RLE.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_bigendian.dcm"}) {
    const ImageVolume decoded = read_dicom_file(test::pydicom_file(name));
    EXPECT_EQ(decoded.voxels, plain.voxels) << name;
    EXPECT_EQ(decoded.geometry.affine, plain.geometry.affine) << name;
  }
}

TEST(Dicom, MultiFrame32BitFramesBecomeSlices) {
  const ImageVolume dose = read_dicom_file(test::pydicom_file("rtdose.dcm"));
  ASSERT_EQ(dose.geometry.size, (std::array<int64_t, 3>{10, 10, 15}));
  const ImageVolume big_endian = read_dicom_file(test::pydicom_file("rtdose_expb.dcm"));
  EXPECT_EQ(big_endian.voxels, dose.voxels);
  const ImageVolume first = read_dicom_file(test::pydicom_file("rtdose_1frame.dcm"));
  ASSERT_EQ(first.geometry.size, (std::array<int64_t, 3>{10, 10, 1}));
  EXPECT_TRUE(std::equal(first.voxels.begin(), first.voxels.end(), dose.voxels.begin()));
  EXPECT_GT(*std::max_element(dose.voxels.begin(), dose.voxels.end()), 65535.0f);  // really 32-bit values
}

TEST(Dicom, UndecodableCompressionNamesTheTransferSyntax) {
  const auto path = test::pydicom_file("JPEG2000.dcm");
  test::expect_input_error([&] { read_dicom_file(path); }, path);
  try {
    read_dicom_file(path);
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("JPEG 2000"), std::string::npos) << error.what();
  }
}

// One CT slice of 4x3 pixels, coronal (rows along +x, columns along -z, normal +y in LPS), stored
// value 100 * slice + 10 * y + x, RescaleSlope 2, RescaleIntercept -1000.
void write_slice(const std::filesystem::path& path, int slice, double y_position, bool with_position, int instance) {
  DcmFileFormat file;
  DcmDataset* ds = file.getDataset();
  char uid[100];
  ASSERT_TRUE(ds->putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage).good());
  ds->putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
  ds->putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.2.1143.1");
  ds->putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.2.1143.1.1");
  ds->putAndInsertString(DCM_Modality, "CT");
  ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  ds->putAndInsertUint16(DCM_Rows, 3);
  ds->putAndInsertUint16(DCM_Columns, 4);
  ds->putAndInsertUint16(DCM_BitsAllocated, 16);
  ds->putAndInsertUint16(DCM_BitsStored, 16);
  ds->putAndInsertUint16(DCM_HighBit, 15);
  ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
  ds->putAndInsertString(DCM_PixelSpacing, "0.5\\0.75");
  ds->putAndInsertString(DCM_SliceThickness, "9");
  ds->putAndInsertString(DCM_RescaleSlope, "2");
  ds->putAndInsertString(DCM_RescaleIntercept, "-1000");
  ds->putAndInsertString(DCM_InstanceNumber, std::to_string(instance).c_str());
  if (with_position) {
    ds->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\0\\-1");
    ds->putAndInsertString(DCM_ImagePositionPatient, ("-20\\" + std::to_string(y_position) + "\\30").c_str());
  }
  Uint16 pixels[12];
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) pixels[y * 4 + x] = Uint16(100 * slice + 10 * y + x);
  }
  ASSERT_TRUE(ds->putAndInsertUint16Array(DCM_PixelData, pixels, 12).good());
  ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good()) << path;
}

void expect_slices_in_order(const ImageVolume& volume, int count) {
  ASSERT_EQ(volume.geometry.size, (std::array<int64_t, 3>{4, 3, count}));
  for (int z = 0; z < count; ++z) {
    for (int y = 0; y < 3; ++y) {
      for (int x = 0; x < 4; ++x) ASSERT_EQ(volume.at(x, y, z), 2.0f * float(100 * z + 10 * y + x) - 1000.0f);
    }
  }
}

TEST(Dicom, SeriesIsSortedAlongTheSliceNormal) {
  ScratchFolder dir;
  // Slice k lies at y = 7 + 2.5 k. Files are written out of order, with names and instance numbers that
  // disagree with the geometry, so only the position can give the right order.
  const int order[5] = {3, 0, 4, 1, 2};
  for (int i = 0; i < 5; ++i) {
    const int k = order[i];
    write_slice(dir / ("file" + std::to_string(i) + ".dcm"), k, 7.0 + 2.5 * k, true, 10 - k * (k % 2 ? 1 : -1));
  }
  test::write_bytes(dir / "README.txt", {'n', 'o', 't', ' ', 'D', 'I', 'C', 'O', 'M'});
  const ImageVolume volume = read_dicom_series(dir.path());
  expect_slices_in_order(volume, 5);
  EXPECT_DOUBLE_EQ(volume.geometry.spacing[0], 0.75);
  EXPECT_DOUBLE_EQ(volume.geometry.spacing[1], 0.5);
  EXPECT_DOUBLE_EQ(volume.geometry.spacing[2], 2.5);
  // RAS affine: x along -x (LPS +x), y along -z (column cosines 0,0,-1), z along -y (LPS +y), origin at
  // slice 0 = LPS (-20, 7, 30).
  const std::array<double, 16> expected = {-0.75, 0, 0, 20, 0, 0, -2.5, -7, 0, -0.5, 0, 30, 0, 0, 0, 1};
  for (size_t i = 0; i < 16; ++i) EXPECT_NEAR(volume.geometry.affine[i], expected[i], 1e-12) << i;
}

TEST(Dicom, SeriesWithoutPositionsIsSortedByInstanceNumber) {
  ScratchFolder dir;
  const int order[4] = {2, 3, 0, 1};
  for (int i = 0; i < 4; ++i) write_slice(dir / ("s" + std::to_string(i) + ".dcm"), order[i], 0.0, false, 5 + order[i]);
  const ImageVolume volume = read_dicom_series(dir.path());
  expect_slices_in_order(volume, 4);
  EXPECT_DOUBLE_EQ(volume.geometry.spacing[2], 9.0);  // SliceThickness
}

TEST(Dicom, SeriesRejectsSlicesOfAnotherSizeAndDuplicates) {
  ScratchFolder dir;
  write_slice(dir / "a.dcm", 0, 1.0, true, 1);
  write_slice(dir / "b.dcm", 1, 1.0, true, 2);  // same position as a.dcm
  test::expect_input_error([&] { read_dicom_series(dir.path()); }, dir / "b.dcm");
  std::filesystem::remove(dir / "b.dcm");
  std::filesystem::copy_file(test::pydicom_file("MR_small.dcm"), dir / "c.dcm");  // 64x64
  test::expect_input_error([&] { read_dicom_series(dir.path()); }, dir / "c.dcm");
}

}  // namespace
}  // namespace hypera::data
