#pragma once
// PNG reading and writing (libpng). All functions are thread-safe (one libpng context per call) and
// throw InputError naming the file on any failure.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "data/io/volume.h"

namespace hypera::data {

// Reads one channel of a gray, gray+alpha, RGB or RGBA PNG, 1..16 bits (palette PNGs are expanded to
// RGB, low bit depths to 8 bits); channel 0 is gray or red, the last is alpha when present. Values are
// the stored sample values (0..255 or 0..65535). Result is 2D (nz == 1), spacing 1, identity affine.
// Throws InputError for a missing, truncated or corrupt file and for a channel out of range, and before
// allocating for a header whose size exceeds HYPERA_MAX_VOXELS (data/io/size_limits.h) or more pixel data
// than the file's compressed bytes can inflate to (deflate: about 1032:1).
// Cost: decodes the whole image once (all channels), keeps one channel.
Volume<uint16_t> read_png_channel(const std::filesystem::path& path, int channel = 0);

// Writers: the image must be 2D (nz == 1); the file appears complete or not at all (written to
// "<path>.tmp", fsynced, then renamed: support/durable_file.h). An unwritable location throws InputError naming `path`.
void write_png_gray8(const std::filesystem::path& path, const LabelVolume& image);
void write_png_gray16(const std::filesystem::path& path, const Volume<uint16_t>& image);
// rgb holds 3*width*height bytes, row-major, R G B per pixel.
void write_png_rgb8(const std::filesystem::path& path, int64_t width, int64_t height,
                    const std::vector<uint8_t>& rgb);

}  // namespace hypera::data
