#include "data/io/tiff_io.h"

#include <tiffio.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "data/io/file_error.h"
#include "data/io/size_limits.h"

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

// The most bytes `stored` bytes of a strip or tile compressed with `compression` can decode to: themselves
// uncompressed, deflate's bound, PackBits' 128 bytes per 2, LZW's 12-bit codes of at most 4096 bytes, and for
// the other codecs libtiff decodes (JPEG, LZMA, ZSTD, WebP...) a ratio of 32768:1 (a ZSTD RLE block).
uint64_t decoded_bytes_bound(uint16_t compression, uint64_t stored) {
  const auto times = [stored](uint64_t ratio) {
    return stored > std::numeric_limits<uint64_t>::max() / ratio ? std::numeric_limits<uint64_t>::max() : stored * ratio;
  };
  switch (compression) {
    case COMPRESSION_NONE: return stored;
    case COMPRESSION_ADOBE_DEFLATE:
    case COMPRESSION_DEFLATE: return deflate_output_bound(stored);
    case COMPRESSION_PACKBITS: return times(64);
    case COMPRESSION_LZW: return times(2731);
    default: return times(32768);
  }
}

// Throws InputError unless strip or tile `index` lies inside the file and its stored bytes can decode to the
// `decoded` bytes the header declares for it. Cost: O(1); nothing is read or allocated.
void require_block_in_file(TIFF* tif, const std::filesystem::path& path, uint32_t index, uint64_t decoded,
                           uint64_t file_bytes, const char* kind) {
  const uint64_t offset = TIFFGetStrileOffset(tif, index);
  const uint64_t stored = TIFFGetStrileByteCount(tif, index);
  const std::string name = std::string(kind) + " " + std::to_string(index);
  if (stored == 0) throw_file_error(path, "truncated or corrupt TIFF (" + name + " has no data)");
  if (offset > file_bytes || stored > file_bytes - offset) {
    throw_file_error(path, "truncated or corrupt TIFF (" + name + " of " + std::to_string(stored) + " bytes at offset " +
                               std::to_string(offset) + " lies outside the " + std::to_string(file_bytes) + "-byte file)");
  }
  uint16_t compression = COMPRESSION_NONE;
  TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
  require_bytes_present(path, decoded, decoded_bytes_bound(compression, stored),
                        "TIFF " + name + " (decoded from its " + std::to_string(stored) + " stored bytes)");
}

// Appends `count` zero samples to `voxels` and returns where they start. The readers below call it only once
// every strip or tile of the page is known to lie in the file and the first one has decoded, so a header
// that disagrees with its pixel data fails before the page is allocated.
float* append_page(std::vector<float>& voxels, size_t count) {
  voxels.resize(voxels.size() + count);
  return voxels.data() + voxels.size() - count;
}

// Appends the page's pixels to `voxels`.
void read_striped_page(TIFF* tif, const std::filesystem::path& path, const PageLayout& layout, uint64_t file_bytes,
                       std::vector<float>& voxels) {
  uint32_t rows_per_strip = layout.height;
  TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
  if (rows_per_strip == 0 || rows_per_strip > layout.height) rows_per_strip = layout.height;
  const uint32_t strips = (layout.height + rows_per_strip - 1) / rows_per_strip;
  if (TIFFNumberOfStrips(tif) < strips) throw_file_error(path, "corrupt TIFF (missing strips)");
  const uint64_t row_bytes = uint64_t(layout.width) * layout.bytes_per_sample;
  const auto rows_of_strip = [&](uint32_t s) { return std::min(rows_per_strip, layout.height - s * rows_per_strip); };
  for (uint32_t s = 0; s < strips; ++s) require_block_in_file(tif, path, s, rows_of_strip(s) * row_bytes, file_bytes, "strip");

  std::vector<uint8_t> block(size_t(rows_per_strip * row_bytes));
  float* out = nullptr;
  for (uint32_t s = 0; s < strips; ++s) {
    const tmsize_t wanted = tmsize_t(rows_of_strip(s) * row_bytes);
    if (TIFFReadEncodedStrip(tif, s, block.data(), wanted) != wanted) {
      throw_file_error(path, "truncated or corrupt TIFF (strip " + std::to_string(s) + " unreadable)");
    }
    if (!out) out = append_page(voxels, size_t(layout.width) * layout.height);
    copy_block(block, layout, layout.width, rows_of_strip(s), 0, s * rows_per_strip, out);
  }
}

// Appends the page's pixels to `voxels`.
void read_tiled_page(TIFF* tif, const std::filesystem::path& path, const PageLayout& layout, uint64_t file_bytes,
                     std::vector<float>& voxels) {
  uint32_t tile_width = 0, tile_height = 0;
  if (!TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tile_width) || !TIFFGetField(tif, TIFFTAG_TILELENGTH, &tile_height) ||
      tile_width == 0 || tile_height == 0) {
    throw_file_error(path, "corrupt TIFF (tiled page without tile size)");
  }
  const uint64_t tile_bytes = uint64_t(checked_voxel_count(path, {tile_width, tile_height})) * layout.bytes_per_sample;
  for (uint32_t y = 0; y < layout.height; y += tile_height) {
    for (uint32_t x = 0; x < layout.width; x += tile_width) {
      require_block_in_file(tif, path, TIFFComputeTile(tif, x, y, 0, 0), tile_bytes, file_bytes, "tile");
    }
  }

  std::vector<uint8_t> block(static_cast<size_t>(tile_bytes));
  float* out = nullptr;
  for (uint32_t y = 0; y < layout.height; y += tile_height) {
    for (uint32_t x = 0; x < layout.width; x += tile_width) {
      const uint32_t tile = TIFFComputeTile(tif, x, y, 0, 0);
      if (TIFFReadEncodedTile(tif, tile, block.data(), tmsize_t(tile_bytes)) != tmsize_t(tile_bytes)) {
        throw_file_error(path, "truncated or corrupt TIFF (tile " + std::to_string(tile) + " unreadable)");
      }
      if (!out) out = append_page(voxels, size_t(layout.width) * layout.height);
      copy_block(block, layout, tile_width, tile_height, x, y, out);
    }
  }
}

// Moves `tif` to the next page: true when there is one, false at the end of the chain. A next-page offset
// that libtiff cannot follow (a loop back to a page already read, a place past the end of the file, a
// corrupt directory) -> InputError, where libtiff alone would report the end of the file.
bool next_page(TIFF* tif, const std::filesystem::path& path, int page) {
  if (TIFFLastDirectory(tif)) return false;
  if (!TIFFReadDirectory(tif)) {
    throw_file_error(path, "corrupt TIFF (the directory after page " + std::to_string(page) +
                               " loops back to an earlier one, lies past the end of the file or is unreadable)");
  }
  return true;
}

ImageVolume read_tiff_unguarded(const std::filesystem::path& path) {
  require_regular_file(path);
  silence_libtiff();
  const uint64_t file_bytes = std::filesystem::file_size(path);
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
    checked_voxel_count(path, {layout.width, layout.height, page + 1});
    const auto read_page = TIFFIsTiled(tif.get()) ? read_tiled_page : read_striped_page;
    read_page(tif.get(), path, layout, file_bytes, volume.voxels);
    ++page;
  } while (next_page(tif.get(), path, page - 1));

  volume.geometry.size = {first.width, first.height, page};
  return volume;
}

}  // namespace

ImageVolume read_tiff(const std::filesystem::path& path) {
  return with_out_of_memory_as_input_error(path, [&] { return read_tiff_unguarded(path); });
}

}  // namespace hypera::data
