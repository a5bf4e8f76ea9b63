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
#include "common/two_dicom_series.h"

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

// Replaces the one occurrence of `from` in `file` by `to` (same length, so every other element keeps its
// offset): how these tests damage real DICOM files.
void replace_bytes(const std::filesystem::path& file, const std::string& from, const std::string& to) {
  ASSERT_EQ(from.size(), to.size());
  std::vector<uint8_t> bytes = test::read_bytes(file);
  const auto found = std::search(bytes.begin(), bytes.end(), from.begin(), from.end());
  ASSERT_NE(found, bytes.end()) << from << " not in " << file;
  ASSERT_EQ(std::search(found + 1, bytes.end(), from.begin(), from.end()), bytes.end()) << from << " twice";
  std::copy(to.begin(), to.end(), found);
  test::write_bytes(file, bytes);
}

// CT_small.dcm stores RescaleIntercept "-1024 " and RescaleSlope "1 " as consecutive explicit-VR elements
// (24 bytes). They are rewritten here with other values of the same total length.
std::string rescale_elements(const std::string& intercept, const std::string& slope) {
  const auto element = [](char tag, const std::string& value) {
    return std::string("(\0", 2) + tag + "\x10" "DS" + char(value.size()) + std::string(1, '\0') + value;
  };
  return element('R', intercept) + element('S', slope);
}

TEST(Dicom, NonFiniteRescaleIsRefused) {
  ScratchFolder dir;
  const auto path = dir / "ct.dcm";
  // {intercept, slope}: NaN, or values whose products overflow float.
  const std::pair<std::string, std::string> cases[] = {
      {"0 ", "NaN   "}, {"NaN   ", "1 "}, {"0 ", "1e308 "}, {"1e308 ", "1 "}, {"0 ", "1e300 "}};
  for (const auto& [intercept, slope] : cases) {
    std::filesystem::copy_file(test::pydicom_file("CT_small.dcm"), path, std::filesystem::copy_options::overwrite_existing);
    replace_bytes(path, rescale_elements("-1024 ", "1 "), rescale_elements(intercept, slope));
    test::expect_input_error([&] { read_dicom_file(path); }, path);
  }
  // The same rewrite with finite values is read, rescaled by them.
  std::filesystem::copy_file(test::pydicom_file("CT_small.dcm"), path, std::filesystem::copy_options::overwrite_existing);
  replace_bytes(path, rescale_elements("-1024 ", "1 "), rescale_elements("0 ", "2.5   "));
  const ImageVolume original = read_dicom_file(test::pydicom_file("CT_small.dcm"));
  const ImageVolume rescaled = read_dicom_file(path);
  for (size_t i = 0; i < original.voxels.size(); ++i) ASSERT_EQ(rescaled.voxels[i], (original.voxels[i] + 1024) * 2.5f);
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

// A header that declares more pixels than the voxel limit, or than its pixel data holds, is refused before DCMTK
// reserves memory for them (a 492-byte fuzzed file declared 1.5 billion pixels and made it ask for 6 GB).
TEST(Dicom, DeclaredPixelsAreCheckedBeforeDecoding) {
  ScratchFolder dir;
  const auto path = dir / "slice.dcm";
  // The slice of write_slice with these attributes changed.
  const auto declare = [&](const std::vector<std::pair<DcmTagKey, const char*>>& values) {
    write_slice(path, 0, 0, false, 1);
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(path.c_str()).good());
    for (const auto& [tag, value] : values) ASSERT_TRUE(file.getDataset()->putAndInsertString(tag, value).good());
    ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
  };
  const auto message = [&] { return test::input_error_message([&] { read_dicom_file(path); }); };
  declare({{DCM_NumberOfFrames, "400"}});  // 400 frames of 4 x 3 16-bit pixels: 9600 bytes
  EXPECT_NE(message().find("pixel data needs 9600 bytes but only 24 are present"), std::string::npos) << message();
  declare({{DCM_Rows, "65535"}, {DCM_Columns, "65535"}});
  EXPECT_NE(message().find("exceed the limit"), std::string::npos) << message();
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

constexpr const char* kSeriesUid = "1.2.826.0.1.3680043.2.1143.1.1";  // write_slice's SeriesInstanceUID
constexpr const char* kOtherSeriesUid = "1.2.826.0.1.3680043.2.1143.1.2";

TEST(Dicom, FolderWithSeveralSeriesNeedsAChoice) {
  ScratchFolder dir;
  for (int k = 0; k < 3; ++k) write_slice(dir / ("s" + std::to_string(k) + ".dcm"), k, 7.0 + 2.5 * k, true, k + 1);
  replace_bytes(dir / "s1.dcm", kSeriesUid, kOtherSeriesUid);
  const std::string message = test::input_error_message([&] { read_dicom_series(dir.path()); });
  EXPECT_EQ(message.find(dir.path().string()), 0u) << message;
  EXPECT_NE(message.find(std::string(kSeriesUid) + ": 2 slices"), std::string::npos) << message;
  EXPECT_NE(message.find(std::string(kOtherSeriesUid) + ": 1 slice"), std::string::npos) << message;
  EXPECT_NE(message.find("; choose one by its SeriesInstanceUID"), std::string::npos) << message;  // no option named

  const ImageVolume chosen = read_dicom_series(dir.path(), {kSeriesUid});
  ASSERT_EQ(chosen.geometry.size, (std::array<int64_t, 3>{4, 3, 2}));
  EXPECT_EQ(chosen.at(0, 0, 1), 2.0f * 200 - 1000);  // slice k = 2 follows k = 0
  EXPECT_DOUBLE_EQ(chosen.geometry.spacing[2], 5.0);
  const ImageVolume other = read_dicom_series(dir.path(), {kOtherSeriesUid});
  ASSERT_EQ(other.geometry.size, (std::array<int64_t, 3>{4, 3, 1}));
  EXPECT_EQ(other.at(0, 0, 0), 2.0f * 100 - 1000);

  const std::string absent = test::input_error_message([&] { read_dicom_series(dir.path(), {"1.2.3"}); });
  EXPECT_NE(absent.find("1.2.3"), std::string::npos) << absent;
  EXPECT_NE(absent.find(kOtherSeriesUid), std::string::npos) << absent;
}

// Real files: pydicom's CT slices of two series in one folder (tests/common/two_dicom_series.h).
TEST(Dicom, RealFolderOfTwoSeriesNamesTheOptionAndReadsTheChosenOne) {
  ScratchFolder dir;
  test::copy_two_dicom_series(dir.path());
  EXPECT_TRUE(holds_dicom_files(dir.path()));

  const std::string message =
      test::input_error_message([&] { read_dicom_series(dir.path(), {"", "--dicom-series UID"}); });
  EXPECT_EQ(message.find(dir.path().string()), 0u) << message;
  EXPECT_NE(message.find(std::string(test::kFiveSliceSeries) + ": 5 slices"), std::string::npos) << message;
  EXPECT_NE(message.find(std::string(test::kThreeSliceSeries) + ": 3 slices"), std::string::npos) << message;
  EXPECT_NE(message.find("choose one with --dicom-series UID"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;

  const ImageVolume five = read_dicom_series(dir.path(), {test::kFiveSliceSeries, "--dicom-series UID"});
  ASSERT_EQ(five.geometry.size, (std::array<int64_t, 3>{16, 16, 5}));
  EXPECT_NEAR(five.geometry.spacing[2], 2.5, 1e-6);
  const ImageVolume lowest_of_five = read_dicom_file(test::pydicom_dicomdir_file("98892001/CT5N/3353"));
  EXPECT_TRUE(std::equal(lowest_of_five.voxels.begin(), lowest_of_five.voxels.end(), five.voxels.begin()));

  const ImageVolume three = read_dicom_series(dir.path(), {test::kThreeSliceSeries, "--dicom-series UID"});
  ASSERT_EQ(three.geometry.size, (std::array<int64_t, 3>{16, 16, 3}));
  EXPECT_NEAR(three.geometry.spacing[2], 1.25, 1e-6);
  const ImageVolume lowest_of_three = read_dicom_file(test::pydicom_dicomdir_file("77654033/CT2/17136"));
  EXPECT_TRUE(std::equal(lowest_of_three.voxels.begin(), lowest_of_three.voxels.end(), three.voxels.begin()));

  // A UID the folder does not hold: the folder, the UID asked for (control characters as '?') and those present.
  const std::string absent = test::input_error_message([&] { read_dicom_series(dir.path(), {"1.2.3\n4", "x"}); });
  EXPECT_EQ(absent.find(dir.path().string()), 0u) << absent;
  EXPECT_NE(absent.find("no DICOM series 1.2.3?4 in the folder"), std::string::npos) << absent;
  EXPECT_NE(absent.find(test::kFiveSliceSeries), std::string::npos) << absent;
  EXPECT_NE(absent.find(test::kThreeSliceSeries), std::string::npos) << absent;
}

TEST(Dicom, HoldsDicomFilesLooksForPart10FilesDirectlyInTheFolder) {
  ScratchFolder dir;
  EXPECT_FALSE(holds_dicom_files(dir.path()));
  test::write_bytes(dir / "notes.txt", {'n', 'o'});
  std::filesystem::create_directory(dir / "sub");
  std::filesystem::copy_file(test::pydicom_file("CT_small.dcm"), dir / "sub" / "CT_small.dcm");
  EXPECT_FALSE(holds_dicom_files(dir.path()));  // only in a subfolder
  EXPECT_FALSE(holds_dicom_files(dir / "notes.txt"));
  EXPECT_FALSE(holds_dicom_files(dir / "absent"));
  EXPECT_TRUE(holds_dicom_files(dir / "sub"));
}

TEST(Dicom, UnevenlySpacedSeriesIsRefused) {
  ScratchFolder dir;
  for (int k = 0; k < 4; ++k) write_slice(dir / ("s" + std::to_string(k) + ".dcm"), k, 7.0 + 2.5 * k, true, k + 1);
  // Slice 2 moved from y = 12 to 12.01: gaps 2.51 and 2.49 differ by 0.8 % of the spacing, which is accepted.
  replace_bytes(dir / "s2.dcm", "\\12.000000\\", "\\12.010000\\");
  EXPECT_DOUBLE_EQ(read_dicom_series(dir.path()).geometry.spacing[2], 2.5);
  // Moved to 12.5: gaps 2.5, 3 and 2.
  replace_bytes(dir / "s2.dcm", "\\12.010000\\", "\\12.500000\\");
  const std::string message = test::input_error_message([&] { read_dicom_series(dir.path()); });
  EXPECT_EQ(message.find(dir.path().string()), 0u) << message;
  EXPECT_NE(message.find("2.000000 mm (s2.dcm to s3.dcm)"), std::string::npos) << message;
  EXPECT_NE(message.find("3.000000 mm (s1.dcm to s2.dcm)"), std::string::npos) << message;
}

TEST(Dicom, SeriesRejectsSlicesOfAnotherSizeAndDuplicates) {
  ScratchFolder dir;
  write_slice(dir / "a.dcm", 0, 1.0, true, 1);
  write_slice(dir / "b.dcm", 1, 1.0, true, 2);  // same position as a.dcm
  test::expect_input_error([&] { read_dicom_series(dir.path()); }, dir / "b.dcm");
  std::filesystem::remove(dir / "b.dcm");
  write_slice(dir / "c.dcm", 1, 3.0, true, 2);
  const std::string three_rows("(\0\x10\0US\x02\0\x03\0", 10), two_rows("(\0\x10\0US\x02\0\x02\0", 10);
  replace_bytes(dir / "c.dcm", three_rows, two_rows);  // a 4x2 slice of the same series
  test::expect_input_error([&] { read_dicom_series(dir.path()); }, dir / "c.dcm");
}

}  // namespace
}  // namespace hypera::data
