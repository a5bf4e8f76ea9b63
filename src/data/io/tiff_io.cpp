#include "data/io/tiff_io.h"

#include <tiffio.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "data/io/file_error.h"

namespace hypera::data {
namespace {

void silence_libtiff() {
  static std::once_flag once;
  std::call_once(once, [] {
    TIFFSetErrorHandler(nullptr);
    TIFFSetWarningHandler(nullptr);
  });
}

using TiffHandle = std::unique_ptr<TIFF, decltype(&TIFFClose)>;

enum class SampleKind { U8, U16, F32 };

struct PageLayout {
  uint32_t width = 0;
  uint32_t height = 0;
  SampleKind kind = SampleKind::U8;
  size_t bytes_per_sample = 1;
};

PageLayout read_layout(TIFF* tif, const std::filesystem::path& path, int page) {
  PageLayout layout;
  uint16_t samples_per_pixel = 1, bits = 1, format = SAMPLEFORMAT_UINT, photometric = 0;
  if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &layout.width) ||
      !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &layout.height) || layout.width == 0 || layout.height == 0) {
    throw_file_error(path, "corrupt TIFF (page " + std::to_string(page) + " has no image size)");
  }
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples_per_pixel);
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
  if (samples_per_pixel != 1) {
    throw_file_error(path, "TIFF has " + std::to_string(samples_per_pixel) +
                               " channels per pixel; only single-channel TIFF is supported");
  }
  if (TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric) && photometric == PHOTOMETRIC_PALETTE) {
    throw_file_error(path, "palette (colour-mapped) TIFF is not supported");
  }
  if (format == SAMPLEFORMAT_UINT && bits == 8) {
    layout.kind = SampleKind::U8;
  } else if (format == SAMPLEFORMAT_UINT && bits == 16) {
    layout.kind = SampleKind::U16;
  } else if (format == SAMPLEFORMAT_IEEEFP && bits == 32) {
    layout.kind = SampleKind::F32;
  } else {
    throw_file_error(path, "unsupported TIFF samples (" + std::to_string(bits) + " bits, sample format " +
                               std::to_string(format) + "); need 8/16-bit unsigned or 32-bit float");
  }
  layout.bytes_per_sample = bits / 8;
  return layout;
}

float sample_value(const uint8_t* bytes, SampleKind kind) {
  switch (kind) {
    case SampleKind::U8:
      return bytes[0];
    case SampleKind::U16: {
      uint16_t v;
      std::memcpy(&v, bytes, sizeof v);
      return v;
    }
    case SampleKind::F32: {
      float v;
      std::memcpy(&v, bytes, sizeof v);
      return v;
    }
  }
  return 0.0f;
}

// Copies a decoded block of `block_width` x `rows` samples whose top-left pixel is (x0, y0) into
// `out`, clipped to the page.
void copy_block(const std::vector<uint8_t>& block, const PageLayout& layout, uint32_t block_width,
                uint32_t rows, uint32_t x0, uint32_t y0, float* out) {
  for (uint32_t r = 0; r < rows && y0 + r < layout.height; ++r) {
    const uint8_t* src = block.data() + size_t(r) * block_width * layout.bytes_per_sample;
    float* dst = out + size_t(y0 + r) * layout.width + x0;
    for (uint32_t c = 0; c < block_width && x0 + c < layout.width; ++c) {
      dst[c] = sample_value(src + size_t(c) * layout.bytes_per_sample, layout.kind);
    }
  }
}

void read_striped_page(TIFF* tif, const std::filesystem::path& path, const PageLayout& layout, float* out) {
  uint32_t rows_per_strip = layout.height;
  TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
  if (rows_per_strip == 0 || rows_per_strip > layout.height) rows_per_strip = layout.height;
  const uint32_t strips = (layout.height + rows_per_strip - 1) / rows_per_strip;
  if (TIFFNumberOfStrips(tif) < strips) throw_file_error(path, "corrupt TIFF (missing strips)");
  std::vector<uint8_t> block(size_t(rows_per_strip) * layout.width * layout.bytes_per_sample);
  for (uint32_t s = 0; s < strips; ++s) {
    const uint32_t rows = std::min(rows_per_strip, layout.height - s * rows_per_strip);
    const tmsize_t wanted = tmsize_t(rows) * layout.width * layout.bytes_per_sample;
    if (TIFFReadEncodedStrip(tif, s, block.data(), wanted) != wanted) {
      throw_file_error(path, "truncated or corrupt TIFF (strip " + std::to_string(s) + " unreadable)");
    }
    copy_block(block, layout, layout.width, rows, 0, s * rows_per_strip, out);
  }
}

void read_tiled_page(TIFF* tif, const std::filesystem::path& path, const PageLayout& layout, float* out) {
  uint32_t tile_width = 0, tile_height = 0;
  if (!TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tile_width) || !TIFFGetField(tif, TIFFTAG_TILELENGTH, &tile_height) ||
      tile_width == 0 || tile_height == 0) {
    throw_file_error(path, "corrupt TIFF (tiled page without tile size)");
  }
  const tmsize_t tile_bytes = tmsize_t(tile_width) * tile_height * layout.bytes_per_sample;
  std::vector<uint8_t> block(static_cast<size_t>(tile_bytes));
  for (uint32_t y = 0; y < layout.height; y += tile_height) {
    for (uint32_t x = 0; x < layout.width; x += tile_width) {
      const uint32_t tile = TIFFComputeTile(tif, x, y, 0, 0);
      if (TIFFReadEncodedTile(tif, tile, block.data(), tile_bytes) != tile_bytes) {
        throw_file_error(path, "truncated or corrupt TIFF (tile " + std::to_string(tile) + " unreadable)");
      }
      copy_block(block, layout, tile_width, tile_height, x, y, out);
    }
  }
}

}  // namespace

ImageVolume read_tiff(const std::filesystem::path& path) {
  require_regular_file(path);
  silence_libtiff();
  TiffHandle tif(TIFFOpen(path.c_str(), "r"), &TIFFClose);
  if (!tif) throw_file_error(path, "not a readable TIFF file (bad or truncated header)");

  ImageVolume volume;
  PageLayout first;
  int page = 0;
  do {
    const PageLayout layout = read_layout(tif.get(), path, page);
    if (page == 0) {
      first = layout;
    } else if (layout.width != first.width || layout.height != first.height) {
      throw_file_error(path, "TIFF page " + std::to_string(page) + " is " + std::to_string(layout.width) + "x" +
                                 std::to_string(layout.height) + " but page 0 is " + std::to_string(first.width) +
                                 "x" + std::to_string(first.height));
    }
    const size_t page_size = size_t(layout.width) * layout.height;
    volume.voxels.resize(page_size * (page + 1));
    float* out = volume.voxels.data() + page_size * page;
    if (TIFFIsTiled(tif.get())) {
      read_tiled_page(tif.get(), path, layout, out);
    } else {
      read_striped_page(tif.get(), path, layout, out);
    }
    ++page;
  } while (TIFFReadDirectory(tif.get()));

  volume.geometry.size = {first.width, first.height, page};
  return volume;
}

}  // namespace hypera::data
