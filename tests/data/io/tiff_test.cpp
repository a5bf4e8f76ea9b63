#include <gtest/gtest.h>
#include <tiffio.h>

#include <algorithm>
#include <cstring>
#include <functional>

#include "data/io/tiff_io.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"

namespace hypera::data {
namespace {

using test::ScratchFolder;

const char* kImage = "IXMtest_A06_s6_w1B9577918-4973-4A87-BA73-A168AA755527.tif";

// Writes a TIFF page by page with libtiff; `fill(tif, page)` sets tags and writes the samples.
void write_tiff(const std::filesystem::path& path, int pages, const std::function<void(TIFF*, int)>& fill) {
  TIFF* tif = TIFFOpen(path.c_str(), "w");
  ASSERT_NE(tif, nullptr);
  for (int p = 0; p < pages; ++p) {
    fill(tif, p);
    ASSERT_TRUE(TIFFWriteDirectory(tif));
  }
  TIFFClose(tif);
}

void set_tags(TIFF* tif, uint32_t width, uint32_t height, uint16_t bits, uint16_t format, uint16_t samples,
              uint16_t compression) {
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, width);
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, height);
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, bits);
  TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, format);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, samples);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, samples == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
  TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tif, TIFFTAG_COMPRESSION, compression);
}

TEST(Tiff, ReadsRealBbbc039Image) {
  const ImageVolume image = read_tiff(test::bbbc039_root() / "images" / kImage);
  EXPECT_EQ(image.geometry.nx(), 696);
  EXPECT_EQ(image.geometry.ny(), 520);
  EXPECT_EQ(image.geometry.nz(), 1);
  EXPECT_EQ(image.geometry.spacing, (std::array<double, 3>{1, 1, 1}));
  ASSERT_EQ(image.voxels.size(), size_t(696 * 520));
  const auto [low, high] = std::minmax_element(image.voxels.begin(), image.voxels.end());
  EXPECT_GE(*low, 0.0f);
  EXPECT_LE(*high, 4095.0f);  // 12-bit values stored in 16 bits
  EXPECT_GT(*high, 255.0f);   // really more than 8 bits of data
  EXPECT_LT(*low, *high);
  for (float v : image.voxels) ASSERT_EQ(v, float(int(v)));  // integer samples
}

TEST(Tiff, MultiPageDeflate16BitBecomesZSlices) {
  ScratchFolder dir;
  const auto path = dir / "stack.tif";
  write_tiff(path, 3, [](TIFF* tif, int page) {
    set_tags(tif, 5, 4, 16, SAMPLEFORMAT_UINT, 1, COMPRESSION_ADOBE_DEFLATE);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 3);  // two strips, the second one short
    for (uint32_t y = 0; y < 4; ++y) {
      uint16_t row[5];
      for (uint32_t x = 0; x < 5; ++x) row[x] = uint16_t(1000 * page + 10 * y + x + 60000 * (x == 4 && y == 3));
      TIFFWriteScanline(tif, row, y, 0);
    }
  });
  const ImageVolume image = read_tiff(path);
  ASSERT_EQ(image.geometry.size, (std::array<int64_t, 3>{5, 4, 3}));
  for (int z = 0; z < 3; ++z) {
    for (int y = 0; y < 4; ++y) {
      for (int x = 0; x < 5; ++x) {
        EXPECT_EQ(image.at(x, y, z), float(1000 * z + 10 * y + x + 60000 * (x == 4 && y == 3)));
      }
    }
  }
}

TEST(Tiff, TiledFloat32) {
  ScratchFolder dir;
  const auto path = dir / "tiled.tif";
  const uint32_t width = 20, height = 18;  // not multiples of the 16x16 tile
  write_tiff(path, 1, [&](TIFF* tif, int) {
    set_tags(tif, width, height, 32, SAMPLEFORMAT_IEEEFP, 1, COMPRESSION_LZW);
    TIFFSetField(tif, TIFFTAG_TILEWIDTH, 16);
    TIFFSetField(tif, TIFFTAG_TILELENGTH, 16);
    std::vector<float> tile(16 * 16);
    for (uint32_t ty = 0; ty < height; ty += 16) {
      for (uint32_t tx = 0; tx < width; tx += 16) {
        for (uint32_t y = 0; y < 16; ++y) {
          for (uint32_t x = 0; x < 16; ++x) tile[y * 16 + x] = -0.5f * float(tx + x) + 100.25f * float(ty + y);
        }
        TIFFWriteTile(tif, tile.data(), tx, ty, 0, 0);
      }
    }
  });
  const ImageVolume image = read_tiff(path);
  ASSERT_EQ(image.geometry.size, (std::array<int64_t, 3>{20, 18, 1}));
  for (int y = 0; y < 18; ++y) {
    for (int x = 0; x < 20; ++x) EXPECT_EQ(image.at(x, y), -0.5f * float(x) + 100.25f * float(y));
  }
}

TEST(Tiff, RgbIsRejected) {
  ScratchFolder dir;
  const auto path = dir / "rgb.tif";
  write_tiff(path, 1, [](TIFF* tif, int) {
    set_tags(tif, 2, 2, 8, SAMPLEFORMAT_UINT, 3, COMPRESSION_NONE);
    uint8_t row[6] = {1, 2, 3, 4, 5, 6};
    for (uint32_t y = 0; y < 2; ++y) TIFFWriteScanline(tif, row, y, 0);
  });
  test::expect_input_error([&] { read_tiff(path); }, path);
}

TEST(Tiff, PagesOfDifferentSizesAreRejected) {
  ScratchFolder dir;
  const auto path = dir / "ragged.tif";
  write_tiff(path, 2, [](TIFF* tif, int page) {
    const uint32_t width = page == 0 ? 3 : 4;
    set_tags(tif, width, 2, 8, SAMPLEFORMAT_UINT, 1, COMPRESSION_NONE);
    uint8_t row[4] = {7, 8, 9, 10};
    for (uint32_t y = 0; y < 2; ++y) TIFFWriteScanline(tif, row, y, 0);
  });
  test::expect_input_error([&] { read_tiff(path); }, path);
}

// The BBBC039 image (little-endian classic TIFF, one page, 104 deflate strips of 5 rows) as bytes, with
// helpers that rewrite its first directory: the hostile files below differ from the real one in one field.
class EditedTiff {
 public:
  EditedTiff() : bytes_(test::read_bytes(test::bbbc039_root() / "images" / kImage)) {
    EXPECT_EQ(std::memcmp(bytes_.data(), "II", 2), 0);
  }
  uint32_t directory() const { return u32(4); }
  uint32_t file_size() const { return uint32_t(bytes_.size()); }
  // Sets the value of `tag` (a SHORT or LONG of count 1).
  void set_tag(uint16_t tag, uint32_t value) {
    const size_t entry = entry_of(tag);
    if (u16(entry + 2) == TIFF_SHORT) put(entry + 8, uint16_t(value)); else put(entry + 8, value);
  }
  // Sets the offset of strip `index` in the StripOffsets array.
  void set_strip_offset(uint32_t index, uint32_t offset) { put(u32(entry_of(TIFFTAG_STRIPOFFSETS) + 8) + 4 * index, offset); }
  void set_next_directory(uint32_t offset) { put(directory() + 2 + 12 * u16(directory()), offset); }
  std::filesystem::path write(const ScratchFolder& dir, const std::string& name) const {
    const auto path = dir / name;
    test::write_bytes(path, bytes_);
    return path;
  }

 private:
  uint16_t u16(size_t at) const { uint16_t v; std::memcpy(&v, bytes_.data() + at, 2); return v; }
  uint32_t u32(size_t at) const { uint32_t v; std::memcpy(&v, bytes_.data() + at, 4); return v; }
  template <class T>
  void put(size_t at, T value) { std::memcpy(bytes_.data() + at, &value, sizeof value); }
  size_t entry_of(uint16_t tag) const {
    for (size_t i = 0, entry = directory() + 2; i < u16(directory()); ++i, entry += 12) {
      if (u16(entry) == tag) return entry;
    }
    ADD_FAILURE() << "no tag " << tag;
    return 0;
  }
  std::vector<uint8_t> bytes_;
};

TEST(Tiff, SizeOverTheVoxelLimitFailsOnTheHeader) {
  ScratchFolder dir;
  EditedTiff tiff;
  tiff.set_tag(TIFFTAG_IMAGEWIDTH, 60000);
  tiff.set_tag(TIFFTAG_IMAGELENGTH, 60000);
  const auto path = tiff.write(dir, "huge.tif");
  const std::string message = test::input_error_message([&] { read_tiff(path); });
  EXPECT_NE(message.find(path.string() + ": 60000 x 60000 x 1 voxels exceed the limit"), std::string::npos) << message;
}

TEST(Tiff, StripLargerThanItsStoredBytesCanInflateToFailsBeforeAllocating) {
  // One strip of 20000 x 20000 16-bit samples (800 MB) from a strip of about 3 KB of deflate data.
  ScratchFolder dir;
  EditedTiff tiff;
  tiff.set_tag(TIFFTAG_IMAGEWIDTH, 20000);
  tiff.set_tag(TIFFTAG_IMAGELENGTH, 20000);
  tiff.set_tag(TIFFTAG_ROWSPERSTRIP, 20000);
  const auto path = tiff.write(dir, "one_strip.tif");
  const std::string message = test::input_error_message([&] { read_tiff(path); });
  EXPECT_NE(message.find(path.string() + ": TIFF strip 0 (decoded from its"), std::string::npos) << message;
  EXPECT_NE(message.find("needs 800000000 bytes"), std::string::npos) << message;
}

TEST(Tiff, StripOutsideTheFileIsRejected) {
  ScratchFolder dir;
  EditedTiff tiff;
  tiff.set_strip_offset(7, tiff.file_size() - 10);
  const auto path = tiff.write(dir, "strip_outside.tif");
  const std::string message = test::input_error_message([&] { read_tiff(path); });
  EXPECT_NE(message.find(path.string() + ": truncated or corrupt TIFF (strip 7 of"), std::string::npos) << message;
  EXPECT_NE(message.find("lies outside the"), std::string::npos) << message;
}

TEST(Tiff, NextDirectoryThatLoopsOrLiesPastTheEndIsRejected) {
  // libtiff reports both as the end of the chain; the old reader took the file for a one-page image.
  ScratchFolder dir;
  EditedTiff looping, past_end;
  looping.set_next_directory(looping.directory());
  past_end.set_next_directory(past_end.file_size() + 100);
  for (const auto& path : {looping.write(dir, "loop.tif"), past_end.write(dir, "past_end.tif")}) {
    const std::string message = test::input_error_message([&] { read_tiff(path); });
    EXPECT_NE(message.find(path.string() + ": corrupt TIFF (the directory after page 0"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace hypera::data
