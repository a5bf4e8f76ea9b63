#pragma once
// Overlay pictures for people to look at: an image in grey with object contours drawn over it, written as an
// 8-bit RGB PNG (write_png_rgb8, png_io.h). `train` writes them for a few validation and test cases
// (RUN/overlays/), `infer --overlay` for new data.
//
// One picture is one 2D slice at the image's own resolution (one pixel per voxel, nothing resampled): a 2D
// image whole, a volume its middle slice along z (z = nz / 2, the slice a 2D network on axial slices sees).
// Grey: round(255 * v) of the image value v clamped to [0, 1] (the data is percentile-normalised to [0, 1];
// non-finite values are black). Contours come from object ids (InstanceVolume: 0 background, any other value
// an object; a label map whose classes are the ids works too): a pixel is on the contour when its id is not 0
// and one of its four in-slice neighbours has another id or lies outside the image. Touching objects with
// different ids are thus both outlined where they meet, and objects cut by the image border are closed by it.
// Colours: the true contour green (0, 255, 0), the predicted contour magenta (255, 0, 255), and a pixel on
// both white (255, 255, 255: the two colours added), so agreement shows at a glance.
// Thread-safe (no shared state). Cost: O(pixels of the slice) plus one PNG write.
#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "data/io/volume.h"

namespace hypera::data {

using OverlayRgb = std::array<uint8_t, 3>;
inline constexpr OverlayRgb kTruthContourColour{0, 255, 0};
inline constexpr OverlayRgb kPredictedContourColour{255, 0, 255};
inline constexpr OverlayRgb kBothContoursColour{255, 255, 255};

// The z index the overlay of an image of this geometry shows: nz / 2 (0 for a 2D image).
int64_t overlay_slice(const Geometry& geometry);

// Slice overlay_slice of `volume` as a 2D volume (nz == 1): its voxels, the same spacing, and the affine moved
// to that slice (the world position of voxel (x, y, 0) is that of (x, y, z) in `volume`). A 2D volume is returned
// as it is. Lets a caller predict only the slice a picture shows. Cost: one copy of the slice.
template <class T>
Volume<T> overlay_slice_of(const Volume<T>& volume) {
  const int64_t z = overlay_slice(volume.geometry);
  Geometry geometry = volume.geometry;
  geometry.size[2] = 1;
  for (int row = 0; row < 3; ++row) geometry.affine[4 * row + 3] += geometry.affine[4 * row + 2] * double(z);
  Volume<T> slice(geometry);
  const auto first = volume.voxels.begin() + volume.index(0, 0, z);
  std::copy(first, first + geometry.voxel_count(), slice.voxels.begin());
  return slice;
}

// 1 where slice z of `ids` is on a contour (rule above), else 0: nx * ny bytes, x fastest.
std::vector<uint8_t> contour_of_slice(const InstanceVolume& ids, int64_t z);

// Ids 1 for every voxel whose label is not 0 (the foreground as one object), 0 elsewhere: how a label map
// without instances is outlined.
InstanceVolume foreground_ids(const LabelVolume& labels);

// The overlay of `image` (slice overlay_slice) as RGB bytes, row-major, 3 per pixel: nx * ny * 3 bytes. `truth`
// may be null (no true contour, as for new data); `truth` and `prediction` must lie on the image's grid
// (std::invalid_argument otherwise: a caller's mistake, not bad input).
std::vector<uint8_t> render_overlay(const ImageVolume& image, const InstanceVolume* truth,
                                    const InstanceVolume& prediction);

// render_overlay written to `path` as an 8-bit RGB PNG (nx x ny), atomically (png_io.h). A grid that differs
// from the image's or an unwritable path throws InputError naming `path`.
void write_overlay_png(const std::filesystem::path& path, const ImageVolume& image, const InstanceVolume* truth,
                       const InstanceVolume& prediction);

}  // namespace hypera::data
