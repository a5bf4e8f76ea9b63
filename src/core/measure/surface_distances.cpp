#include "core/measure/surface_distances.h"

#include <algorithm>
#include <cmath>

#include "core/measure/distance_transform.h"
#include "core/measure/same_grid.h"

namespace hypera::core {
namespace {

// Smallest box [lo, hi] (inclusive, per axis) holding every voxel of class cls in a or b; empty when lo > hi.
struct Box {
  std::array<int64_t, 3> lo{0, 0, 0};
  std::array<int64_t, 3> hi{-1, -1, -1};
  bool empty() const { return lo[0] > hi[0]; }
  int64_t size(int axis) const { return hi[axis] - lo[axis] + 1; }
};

Box union_box(const data::LabelVolume& a, const data::LabelVolume& b, uint8_t cls) {
  const data::Geometry& g = a.geometry;
  Box box;
  box.lo = {g.nx(), g.ny(), g.nz()};
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      const int64_t row = a.index(0, y, z);
      int64_t first = -1;
      int64_t last = -1;
      for (int64_t x = 0; x < g.nx(); ++x) {
        if (a.voxels[row + x] == cls || b.voxels[row + x] == cls) {
          if (first < 0) first = x;
          last = x;
        }
      }
      if (first < 0) continue;
      box.lo = {std::min(box.lo[0], first), std::min(box.lo[1], y), std::min(box.lo[2], z)};
      box.hi = {std::max(box.hi[0], last), std::max(box.hi[1], y), std::max(box.hi[2], z)};
    }
  }
  if (box.hi[0] < 0) return Box{};
  return box;
}

// three_d: the grid is a crop of a 3D volume, so z neighbours count even when the crop is one slice thick.
data::LabelVolume surface_of(const data::LabelVolume& labels, uint8_t cls, bool three_d) {
  const data::Geometry& g = labels.geometry;
  const int64_t nx = g.nx();
  const int64_t ny = g.ny();
  const int64_t nz = g.nz();
  const int64_t slice = nx * ny;
  data::LabelVolume surface(g);
  const uint8_t* v = labels.voxels.data();
  uint8_t* out = surface.voxels.data();
  for (int64_t z = 0; z < nz; ++z) {
    const bool z_inner = !three_d || (z > 0 && z < nz - 1);
    for (int64_t y = 0; y < ny; ++y) {
      const int64_t row = (z * ny + y) * nx;
      const bool row_inner = z_inner && y > 0 && y < ny - 1;
      for (int64_t x = 0; x < nx; ++x) {
        const int64_t i = row + x;
        if (v[i] != cls) continue;
        bool interior = row_inner && x > 0 && x < nx - 1 && v[i - 1] == cls && v[i + 1] == cls &&
                        v[i - nx] == cls && v[i + nx] == cls;
        if (interior && three_d) interior = v[i - slice] == cls && v[i + slice] == cls;
        out[i] = interior ? 0 : 1;
      }
    }
  }
  return surface;
}

// The surface of class cls inside the box, as a grid of the box's size. Exact: every voxel of the class
// lies in the box, so a neighbour outside it is background.
data::LabelVolume cropped_surface(const data::LabelVolume& labels, uint8_t cls, const Box& box,
                                  const std::array<double, 3>& spacing) {
  const bool three_d = labels.geometry.nz() > 1;
  data::Geometry g;
  g.size = {box.size(0), box.size(1), box.size(2)};
  g.spacing = spacing;
  data::LabelVolume inside(g);
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      const uint8_t* src = &labels.at(box.lo[0], box.lo[1] + y, box.lo[2] + z);
      uint8_t* dst = &inside.at(0, y, z);
      for (int64_t x = 0; x < g.nx(); ++x) dst[x] = src[x] == cls;
    }
  }
  return surface_of(inside, 1, three_d);
}

// Distances at the voxels of `from` to the nearest voxel of `to` (same grid).
std::vector<double> directed(const data::LabelVolume& from, const data::LabelVolume& to) {
  std::vector<double> out;
  const auto count = std::count(from.voxels.begin(), from.voxels.end(), uint8_t{1});
  if (count == 0) return out;
  out.reserve(static_cast<size_t>(count));
  const std::vector<double> d2 = squared_distance_to_set(to);
  for (size_t i = 0; i < from.voxels.size(); ++i) {
    if (from.voxels[i] != 0) out.push_back(std::sqrt(d2[i]));
  }
  return out;
}

}  // namespace

data::LabelVolume mask_surface(const data::LabelVolume& labels, uint8_t cls) {
  return surface_of(labels, cls, labels.geometry.nz() > 1);
}

SurfaceDistances surface_distances(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls,
                                   const std::array<double, 3>& spacing) {
  require_same_grid(pred.geometry, gt.geometry, "surface distances");
  const Box box = union_box(pred, gt, cls);
  if (box.empty()) return {};
  const data::LabelVolume pred_surface = cropped_surface(pred, cls, box, spacing);
  const data::LabelVolume gt_surface = cropped_surface(gt, cls, box, spacing);
  return {directed(pred_surface, gt_surface), directed(gt_surface, pred_surface)};
}

}  // namespace hypera::core
