// Every reader turns bad input into one InputError line naming the file.
#include <gtest/gtest.h>

#include <algorithm>

#include "data/io/dicom_io.h"
#include "data/io/image_reader.h"
#include "support/input_error.h"
#include "data/io/nifti_io.h"
#include "data/io/png_io.h"
#include "data/io/tiff_io.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"

namespace hypera::data {
namespace {

using test::expect_input_error;
using test::ScratchFolder;

const std::string kName = "IXMtest_A06_s6_w1B9577918-4973-4A87-BA73-A168AA755527";

TEST(BadInput, TruncatedTiff) {
  ScratchFolder dir;
  const auto path = dir / "half.tif";
  test::copy_truncated(test::bbbc039_root() / "images" / (kName + ".tif"), path, 0.5);
  expect_input_error([&] { read_tiff(path); }, path);
}

TEST(BadInput, CorruptTiffStripData) {
  // The directory is intact but the compressed pixel bytes are overwritten.
  ScratchFolder dir;
  const auto path = dir / "corrupt.tif";
  std::vector<uint8_t> bytes = test::read_bytes(test::bbbc039_root() / "images" / (kName + ".tif"));
  ASSERT_GT(bytes.size(), 40000u);
  std::fill(bytes.begin() + 2000, bytes.begin() + 40000, uint8_t(0xA5));
  test::write_bytes(path, bytes);
  try {
    read_tiff(path);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("unreadable"), std::string::npos) << message;
  }
}

TEST(BadInput, ColourDicom) {
  const auto path = test::pydicom_file("SC_rgb_rle.dcm");
  expect_input_error([&] { read_dicom_file(path); }, path);
}

TEST(BadInput, GarbageNamedTif) {
  ScratchFolder dir;
  const auto path = dir / "garbage.tif";
  std::vector<uint8_t> garbage(4096);
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = uint8_t((i * 2654435761u) >> 13);
  test::write_bytes(path, garbage);
  expect_input_error([&] { read_tiff(path); }, path);
}

TEST(BadInput, TruncatedPng) {
  ScratchFolder dir;
  const auto path = dir / "half.png";
  test::copy_truncated(test::bbbc039_root() / "masks" / (kName + ".png"), path, 0.5);
  expect_input_error([&] { read_png_channel(path, 0); }, path);
}

TEST(BadInput, GarbageNamedPng) {
  ScratchFolder dir;
  const auto path = dir / "garbage.png";
  test::write_bytes(path, std::vector<uint8_t>(100, 0x42));
  expect_input_error([&] { read_png_channel(path, 0); }, path);
}

TEST(BadInput, TruncatedNiftiGz) {
  ScratchFolder dir;
  const auto path = dir / "half.nii.gz";
  test::copy_truncated(test::mricron_template("ch2.nii.gz"), path, 0.5);
  try {
    read_nifti(path);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("truncated NIfTI (expected 7109137 bytes of voxel data, got "), std::string::npos)
        << message;
  }
}

TEST(BadInput, TruncatedUncompressedNifti) {
  ScratchFolder dir;
  Geometry g;
  g.size = {8, 8, 8};
  const auto path = dir / "cut.nii";
  write_nifti(path, LabelVolume(g, 3));
  test::copy_truncated(path, path, 0.75);
  expect_input_error([&] { read_nifti(path); }, path);
}

TEST(BadInput, TruncatedDicomFromPydicom) {
  const auto path = test::pydicom_file("MR_truncated.dcm");
  expect_input_error([&] { read_dicom_file(path); }, path);
}

TEST(BadInput, CutDicom) {
  ScratchFolder dir;
  const auto path = dir / "cut.dcm";
  test::copy_truncated(test::pydicom_file("CT_small.dcm"), path, 0.5);
  expect_input_error([&] { read_dicom_file(path); }, path);
}

TEST(BadInput, NonDicomFileNamedDcm) {
  ScratchFolder dir;
  const auto path = dir / "text.dcm";
  test::write_bytes(path, std::vector<uint8_t>(300, 'x'));
  expect_input_error([&] { read_dicom_file(path); }, path);
}

TEST(BadInput, MissingFileForEveryReader) {
  ScratchFolder dir;
  const auto tif = dir / "absent.tif", png = dir / "absent.png", nii = dir / "absent.nii.gz",
             dcm = dir / "absent.dcm";
  expect_input_error([&] { read_tiff(tif); }, tif);
  expect_input_error([&] { read_png_channel(png); }, png);
  expect_input_error([&] { read_nifti(nii); }, nii);
  expect_input_error([&] { read_dicom_file(dcm); }, dcm);
  expect_input_error([&] { read_image(tif); }, tif);
  expect_input_error([&] { read_dicom_series(dir / "absent_folder"); }, dir / "absent_folder");
}

TEST(BadInput, UnknownExtension) {
  ScratchFolder dir;
  const auto path = dir / "photo.jpg";
  test::write_bytes(path, {0xFF, 0xD8, 0xFF});
  expect_input_error([&] { read_image(path); }, path);
}

TEST(BadInput, EmptyFolderIsNoSeries) {
  ScratchFolder dir;
  expect_input_error([&] { read_dicom_series(dir.path()); }, dir.path());
  test::write_bytes(dir / "notes.txt", {'h', 'i'});  // a folder without DICOM files is no better
  expect_input_error([&] { read_image(dir.path()); }, dir.path());
}

}  // namespace
}  // namespace hypera::data
