#include "data/io/png_io.h"

#include <png.h>

#include <cstdio>
#include <memory>
#include <string>

#include "data/io/file_error.h"
#include "data/io/size_limits.h"
#include "support/durable_file.h"

namespace hypera::data {
namespace {

// libpng reports errors through this callback; it records the message and unwinds with longjmp to the
// setjmp of the (C-style, destructor-free) function that made the failing libpng call.
void on_png_error(png_structp png, png_const_charp message) {
  *static_cast<std::string*>(png_get_error_ptr(png)) = message;
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

using File = std::unique_ptr<FILE, decltype(&std::fclose)>;

File open_file(const std::filesystem::path& path, const char* mode) {
  return File(std::fopen(path.c_str(), mode), &std::fclose);
}

class PngReader {
 public:
  explicit PngReader(FILE* file) {
    png_ = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error_, on_png_error, on_png_warning);
    if (png_) info_ = png_create_info_struct(png_);
    if (png_ && info_) png_init_io(png_, file);
  }
  ~PngReader() { png_destroy_read_struct(&png_, &info_, nullptr); }
  PngReader(const PngReader&) = delete;
  PngReader& operator=(const PngReader&) = delete;

  bool valid() const { return png_ && info_; }
  const std::string& error() const { return error_; }

  // Reads the header and sets up the expansions to 8/16-bit gray, gray+alpha, RGB or RGBA.
  bool read_header() {
    if (setjmp(png_jmpbuf(png_))) return false;
    png_read_info(png_, info_);
    stored_row_bytes_ = png_get_rowbytes(png_, info_);
    const int color_type = png_get_color_type(png_, info_);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png_);
    if (color_type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png_, info_) < 8) {
      png_set_expand_gray_1_2_4_to_8(png_);
    }
    png_set_interlace_handling(png_);
    png_read_update_info(png_, info_);
    return true;
  }

  uint32_t width() const { return png_get_image_width(png_, info_); }
  uint32_t height() const { return png_get_image_height(png_, info_); }
  int channels() const { return png_get_channels(png_, info_); }
  int bit_depth() const { return png_get_bit_depth(png_, info_); }
  size_t row_bytes() const { return png_get_rowbytes(png_, info_); }
  // Bytes of one row as stored (before the expansions), which the compressed data must inflate to.
  size_t stored_row_bytes() const { return stored_row_bytes_; }

  bool read_rows(png_bytepp rows) {
    if (setjmp(png_jmpbuf(png_))) return false;
    png_read_image(png_, rows);
    png_read_end(png_, nullptr);
    return true;
  }

 private:
  std::string error_;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
  size_t stored_row_bytes_ = 0;
};

class PngWriter {
 public:
  explicit PngWriter(FILE* file) {
    png_ = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error_, on_png_error, on_png_warning);
    if (png_) info_ = png_create_info_struct(png_);
    if (png_ && info_) png_init_io(png_, file);
  }
  ~PngWriter() { png_destroy_write_struct(&png_, &info_); }
  PngWriter(const PngWriter&) = delete;
  PngWriter& operator=(const PngWriter&) = delete;

  bool valid() const { return png_ && info_; }
  const std::string& error() const { return error_; }

  bool write(uint32_t width, uint32_t height, int bit_depth, int color_type, png_bytepp rows) {
    if (setjmp(png_jmpbuf(png_))) return false;
    png_set_IHDR(png_, info_, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png_, info_);
    png_write_image(png_, rows);
    png_write_end(png_, nullptr);
    return true;
  }

 private:
  std::string error_;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
};

// Writes `pixels` (rows of width*channels samples, 16-bit samples big-endian) as a PNG, atomically.
void write_png(const std::filesystem::path& path, int64_t width, int64_t height, int bit_depth, int color_type,
               int channels, std::vector<uint8_t>& pixels) {
  if (width <= 0 || height <= 0 || width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX) {
    throw_file_error(path, "cannot write a " + std::to_string(width) + "x" + std::to_string(height) + " PNG");
  }
  const size_t row_bytes = size_t(width) * channels * (bit_depth / 8);
  std::vector<png_bytep> rows(static_cast<size_t>(height));
  for (size_t y = 0; y < rows.size(); ++y) rows[y] = pixels.data() + y * row_bytes;
  support::write_file_atomically(path, [&](const std::filesystem::path& tmp) {
    File file = open_file(tmp, "wb");
    if (!file) throw_file_error(path, "cannot open for writing");
    PngWriter writer(file.get());
    if (!writer.valid()) throw_file_error(path, "cannot allocate a PNG writer");
    if (!writer.write(uint32_t(width), uint32_t(height), bit_depth, color_type, rows.data())) {
      throw_file_error(path, "PNG write failed (" + writer.error() + ")");
    }
    if (std::fclose(file.release()) != 0) throw_file_error(path, "PNG write failed (cannot flush to disk)");
  });
}

template <class T>
void require_2d(const std::filesystem::path& path, const Volume<T>& image) {
  if (!image.geometry.is_2d()) {
    throw_file_error(path, "PNG needs a 2D image, got nz=" + std::to_string(image.geometry.nz()));
  }
  if (int64_t(image.voxels.size()) != image.geometry.voxel_count()) {
    throw_file_error(path, "image holds " + std::to_string(image.voxels.size()) + " values for " +
                               std::to_string(image.geometry.voxel_count()) + " pixels");
  }
}

// Throws InputError unless the header's size is within max_voxels_per_image() and the pixel data it declares
// can be inflated from the bytes the file holds; so nothing is allocated for a size the file cannot hold.
void require_plausible_size(const std::filesystem::path& path, const PngReader& reader) {
  checked_voxel_count(path, {reader.width(), reader.height()});
  const uint64_t stored_bytes = checked_byte_count(path, reader.stored_row_bytes(), reader.height(), "PNG pixel data");
  const uint64_t file_bytes = std::filesystem::file_size(path);
  require_bytes_present(path, stored_bytes, deflate_output_bound(file_bytes),
                        std::to_string(reader.width()) + " x " + std::to_string(reader.height()) +
                            " PNG pixel data (inflated from " + std::to_string(file_bytes) + " file bytes)");
}

Volume<uint16_t> read_png_channel_unguarded(const std::filesystem::path& path, int channel) {
  require_regular_file(path);
  File file = open_file(path, "rb");
  if (!file) throw_file_error(path, "cannot open for reading");
  png_byte signature[8] = {};
  if (std::fread(signature, 1, sizeof signature, file.get()) != sizeof signature ||
      png_sig_cmp(signature, 0, sizeof signature) != 0) {
    throw_file_error(path, "not a PNG file (bad signature)");
  }
  std::rewind(file.get());
  PngReader reader(file.get());
  if (!reader.valid()) throw_file_error(path, "cannot allocate a PNG reader");
  if (!reader.read_header()) throw_file_error(path, "corrupt PNG header (" + reader.error() + ")");
  const int channels = reader.channels();
  if (channel < 0 || channel >= channels) {
    throw_file_error(path, "channel " + std::to_string(channel) + " out of range (PNG has " +
                               std::to_string(channels) + " channels)");
  }
  require_plausible_size(path, reader);
  const size_t row_bytes = reader.row_bytes();
  std::vector<uint8_t> pixels(row_bytes * reader.height());
  std::vector<png_bytep> rows(reader.height());
  for (size_t y = 0; y < rows.size(); ++y) rows[y] = pixels.data() + y * row_bytes;
  if (!reader.read_rows(rows.data())) {
    throw_file_error(path, "truncated or corrupt PNG data (" + reader.error() + ")");
  }

  Geometry geometry;
  geometry.size = {reader.width(), reader.height(), 1};
  Volume<uint16_t> out(geometry);
  const bool sixteen = reader.bit_depth() == 16;
  const size_t stride = size_t(channels) * (sixteen ? 2 : 1);
  for (size_t y = 0; y < rows.size(); ++y) {
    const uint8_t* sample = rows[y] + size_t(channel) * (sixteen ? 2 : 1);
    uint16_t* dst = out.voxels.data() + y * reader.width();
    for (uint32_t x = 0; x < reader.width(); ++x, sample += stride) {
      dst[x] = sixteen ? uint16_t(sample[0] << 8 | sample[1]) : sample[0];
    }
  }
  return out;
}

}  // namespace

Volume<uint16_t> read_png_channel(const std::filesystem::path& path, int channel) {
  return with_out_of_memory_as_input_error(path, [&] { return read_png_channel_unguarded(path, channel); });
}

void write_png_gray8(const std::filesystem::path& path, const LabelVolume& image) {
  require_2d(path, image);
  std::vector<uint8_t> pixels = image.voxels;
  write_png(path, image.geometry.nx(), image.geometry.ny(), 8, PNG_COLOR_TYPE_GRAY, 1, pixels);
}

void write_png_gray16(const std::filesystem::path& path, const Volume<uint16_t>& image) {
  require_2d(path, image);
  std::vector<uint8_t> pixels(image.voxels.size() * 2);
  for (size_t i = 0; i < image.voxels.size(); ++i) {
    pixels[2 * i] = uint8_t(image.voxels[i] >> 8);
    pixels[2 * i + 1] = uint8_t(image.voxels[i] & 0xff);
  }
  write_png(path, image.geometry.nx(), image.geometry.ny(), 16, PNG_COLOR_TYPE_GRAY, 1, pixels);
}

void write_png_rgb8(const std::filesystem::path& path, int64_t width, int64_t height,
                    const std::vector<uint8_t>& rgb) {
  if (width <= 0 || height <= 0 || rgb.size() != size_t(3 * width * height)) {
    throw_file_error(path, "RGB buffer holds " + std::to_string(rgb.size()) + " bytes, expected 3*" +
                               std::to_string(width) + "*" + std::to_string(height));
  }
  std::vector<uint8_t> pixels = rgb;
  write_png(path, width, height, 8, PNG_COLOR_TYPE_RGB, 3, pixels);
}

}  // namespace hypera::data
