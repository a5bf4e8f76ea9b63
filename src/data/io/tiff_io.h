#pragma once
// TIFF reading (libtiff).
#include <filesystem>

#include "data/io/volume.h"

namespace hypera::data {

// Reads a single-channel TIFF with 8- or 16-bit unsigned or 32-bit float samples, striped or tiled,
// any compression libtiff decodes (BBBC039 is 16-bit deflate). The pages of a multi-page file become
// the z slices and must all have the same width and height. Values are the stored sample values as
// float; spacing is 1,1,1 and the affine the identity. Throws InputError naming the file when it is
// missing, not a TIFF, truncated or corrupt, multi-channel, or of another sample format, when its size
// exceeds HYPERA_MAX_VOXELS (data/io/size_limits.h), when a strip or tile lies outside the file or declares
// more pixels than its stored bytes can decode to (checked before the page is allocated), and when the
// chain of pages loops or points past the end of the file. libtiff's
// global stderr handlers are switched off on first use. Thread-safe (one TIFF handle per call).
// Cost: one pass over the decoded samples.
ImageVolume read_tiff(const std::filesystem::path& path);

}  // namespace hypera::data
