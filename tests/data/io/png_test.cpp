#include <gtest/gtest.h>
#include <png.h>
#include <zlib.h>

#include <algorithm>

#include "data/io/png_io.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/grid.h"
#include "common/real_data.h"
#include "common/scratch_folder.h"

namespace hypera::data {
namespace {

using test::grid;
using test::ScratchFolder;

TEST(Png, Gray8RoundTrip) {
  ScratchFolder dir;
  LabelVolume labels(grid(7, 5));
  for (size_t i = 0; i < labels.voxels.size(); ++i) labels.voxels[i] = uint8_t((i * 37) % 256);
  const auto path = dir / "labels.png";
  write_png_gray8(path, labels);
  EXPECT_FALSE(std::filesystem::exists(dir / "labels.png.tmp"));
  const Volume<uint16_t> back = read_png_channel(path);
  ASSERT_EQ(back.geometry.size, labels.geometry.size);
  for (size_t i = 0; i < labels.voxels.size(); ++i) EXPECT_EQ(back.voxels[i], labels.voxels[i]);
  test::expect_input_error([&] { read_png_channel(path, 1); }, path);  // gray has one channel
}

TEST(Png, Gray16RoundTripKeepsAllSixteenBits) {
  ScratchFolder dir;
  Volume<uint16_t> image(grid(6, 4));
  for (size_t i = 0; i < image.voxels.size(); ++i) image.voxels[i] = uint16_t(65535 - i * 2741);
  const auto path = dir / "gray16.png";
  write_png_gray16(path, image);
  EXPECT_EQ(read_png_channel(path).voxels, image.voxels);
}

TEST(Png, Rgb8RoundTripEachChannel) {
  ScratchFolder dir;
  const int64_t width = 4, height = 3;
  std::vector<uint8_t> rgb(size_t(3 * width * height));
  for (size_t i = 0; i < rgb.size(); ++i) rgb[i] = uint8_t(i * 11 + 3);
  const auto path = dir / "rgb.png";
  write_png_rgb8(path, width, height, rgb);
  for (int c = 0; c < 3; ++c) {
    const Volume<uint16_t> channel = read_png_channel(path, c);
    ASSERT_EQ(channel.geometry.size, (std::array<int64_t, 3>{width, height, 1}));
    for (int64_t y = 0; y < height; ++y) {
      for (int64_t x = 0; x < width; ++x) EXPECT_EQ(channel.at(x, y), rgb[size_t(3 * (y * width + x) + c)]);
    }
  }
  test::expect_input_error([&] { read_png_channel(path, 3); }, path);
  test::expect_input_error([&] { write_png_rgb8(dir / "short.png", width, height, {1, 2, 3}); }, dir / "short.png");
}

TEST(Png, ReadsEachChannelOfRgba) {
  // Encoded with libpng's simplified writer, independent of the code under test.
  ScratchFolder dir;
  const auto path = dir / "rgba.png";
  const int width = 5, height = 2;
  std::vector<uint8_t> rgba(size_t(4 * width * height));
  for (size_t i = 0; i < rgba.size(); ++i) rgba[i] = uint8_t(255 - i * 6);
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = width;
  image.height = height;
  image.format = PNG_FORMAT_RGBA;
  ASSERT_TRUE(png_image_write_to_file(&image, path.c_str(), 0, rgba.data(), 0, nullptr));
  for (int c = 0; c < 4; ++c) {
    const Volume<uint16_t> channel = read_png_channel(path, c);
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) EXPECT_EQ(channel.at(x, y), rgba[size_t(4 * (y * width + x) + c)]);
    }
  }
  test::expect_input_error([&] { read_png_channel(path, 4); }, path);
  test::expect_input_error([&] { read_png_channel(path, -1); }, path);
}

TEST(Png, WritersRejectVolumesAndUnwritablePaths) {
  ScratchFolder dir;
  const auto volume_path = dir / "volume.png";
  test::expect_input_error([&] { write_png_gray8(volume_path, LabelVolume(grid(3, 3, 2))); }, volume_path);
  const auto unwritable = dir / "missing_folder" / "x.png";
  test::expect_input_error([&] { write_png_gray8(unwritable, LabelVolume(grid(2, 2))); }, unwritable);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));  // nothing half-written left behind
}

// The smallest BBBC039 mask (2.7 KB) with its IHDR rewritten to `width` x `height` and the chunk's CRC fixed,
// so that libpng accepts the header and only the size is hostile.
std::filesystem::path mask_with_header_size(const ScratchFolder& dir, uint32_t width, uint32_t height) {
  std::filesystem::path smallest;
  for (const auto& entry : std::filesystem::directory_iterator(test::bbbc039_root() / "masks")) {
    if (smallest.empty() || entry.file_size() < std::filesystem::file_size(smallest)) smallest = entry.path();
  }
  std::vector<uint8_t> bytes = test::read_bytes(smallest);
  EXPECT_LT(bytes.size(), 3000u);
  const auto put_big_endian = [&](size_t offset, uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[offset + size_t(i)] = uint8_t(value >> (24 - 8 * i));
  };
  put_big_endian(16, width);
  put_big_endian(20, height);
  put_big_endian(29, uint32_t(crc32(0, bytes.data() + 12, 17)));  // CRC of "IHDR" and its 13 data bytes
  const auto path = dir / ("mask_" + std::to_string(width) + "x" + std::to_string(height) + ".png");
  test::write_bytes(path, bytes);
  return path;
}

TEST(Png, HeaderLargerThanItsCompressedDataFailsBeforeAllocating) {
  // 30000 x 30000 RGBA is 3.6 GB; the 2.7 KB file inflates to 2.8 MB at most. The old reader allocated the
  // 3.6 GB and failed in libpng; this one fails on the header, with a message that says why. The same
  // rewrite with the true size reads.
  ScratchFolder dir;
  EXPECT_EQ(read_png_channel(mask_with_header_size(dir, 696, 520), 0).geometry.size, (std::array<int64_t, 3>{696, 520, 1}));
  for (const auto& [width, height] : {std::pair<uint32_t, uint32_t>{30000, 30000}, {1000000, 1}}) {
    const auto path = mask_with_header_size(dir, width, height);
    const std::string message = test::input_error_message([&] { read_png_channel(path, 0); });
    const std::string size = std::to_string(width) + " x " + std::to_string(height) + " PNG pixel data";
    EXPECT_EQ(message.rfind(path.string() + ": " + size, 0), 0u) << message;
  }
}

}  // namespace
}  // namespace hypera::data
