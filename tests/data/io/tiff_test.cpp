#include <gtest/gtest.h>
#include <tiffio.h>

#include <algorithm>
#include <functional>

#include "data/io/tiff_io.h"
#include "common/expect_input_error.h"
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

}  // namespace
}  // namespace hypera::data
