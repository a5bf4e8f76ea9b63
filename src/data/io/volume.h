#pragma once
// A dense image or label grid of 1..3 dimensions with its physical geometry. 2D images have nz == 1.
// Memory order is x fastest, then y, then z: index = x + nx * (y + ny * z), i.e. C order [z][y][x].
#include <array>
#include <cstdint>
#include <vector>

namespace hypera::data {

struct Geometry {
  std::array<int64_t, 3> size{1, 1, 1};     // nx, ny, nz in voxels
  std::array<double, 3> spacing{1, 1, 1};   // voxel size along x, y, z (mm for medical images)
  // Row-major 4x4 matrix mapping voxel indices (x, y, z, 1) to world coordinates (NIfTI sform/qform);
  // identity scaled by spacing when the source has no orientation.
  std::array<double, 16> affine{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

  int64_t nx() const { return size[0]; }
  int64_t ny() const { return size[1]; }
  int64_t nz() const { return size[2]; }
  // Contract: every size is >= 1 and their product fits in int64_t. The readers establish it with
  // checked_voxel_count (data/io/size_limits.h) before they build a Geometry from a file's header, so
  // nothing computes this from unchecked sizes.
  int64_t voxel_count() const { return size[0] * size[1] * size[2]; }
  bool is_2d() const { return size[2] == 1; }
  bool same_grid(const Geometry& other) const { return size == other.size; }
};

template <class T>
struct Volume {
  Geometry geometry;
  std::vector<T> voxels;  // geometry.voxel_count() values

  Volume() = default;
  explicit Volume(const Geometry& g, T fill = T{}) : geometry(g), voxels(g.voxel_count(), fill) {}

  T& at(int64_t x, int64_t y, int64_t z = 0) { return voxels[index(x, y, z)]; }
  const T& at(int64_t x, int64_t y, int64_t z = 0) const { return voxels[index(x, y, z)]; }
  int64_t index(int64_t x, int64_t y, int64_t z = 0) const {
    return x + geometry.size[0] * (y + geometry.size[1] * z);
  }
};

using ImageVolume = Volume<float>;        // intensities
using LabelVolume = Volume<uint8_t>;      // class labels 0..C-1
using InstanceVolume = Volume<int32_t>;   // 0 = background, 1..N = object ids

}  // namespace hypera::data
