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
      const uint8_t* row_a = &a.at(0, y, z);
      const uint8_t* row_b = &b.at(0, y, z);
      const auto of_class = [&](int64_t x) { return row_a[x] == cls || row_b[x] == cls; };
      int64_t first = 0;
      while (first < g.nx() && !of_class(first)) ++first;
      if (first == g.nx()) continue;
      int64_t last = g.nx() - 1;
      while (!of_class(last)) --last;
      box.lo = {std::min(box.lo[0], first), std::min(box.lo[1], y), std::min(box.lo[2], z)};
      box.hi = {std::max(box.hi[0], last), std::max(box.hi[1], y), std::max(box.hi[2], z)};
    }
  }
  if (box.hi[0] < 0) return Box{};
  return box;
}

// The surface of class cls inside the box, as a grid of the box's size with `spacing`. Neighbours are read
// in the whole grid, outside it counting as background; z neighbours only in 3D (nz > 1).
data::LabelVolume surface_in(const data::LabelVolume& labels, uint8_t cls, const Box& box,
                             const std::array<double, 3>& spacing) {
  const data::Geometry& g = labels.geometry;
  const int64_t nx = g.nx();
  const bool three_d = g.nz() > 1;
  // In 2D the z neighbours are the voxel itself, so that one test covers both.
  const int64_t dz = three_d ? nx * g.ny() : 0;
  data::Geometry cropped;
  cropped.size = {box.size(0), box.size(1), box.size(2)};
  cropped.spacing = spacing;
  data::LabelVolume surface(cropped);
  uint8_t* out = surface.voxels.data();
  for (int64_t z = box.lo[2]; z <= box.hi[2]; ++z) {
    const bool z_inner = !three_d || (z > 0 && z < g.nz() - 1);
    for (int64_t y = box.lo[1]; y <= box.hi[1]; ++y, out += box.size(0)) {
      const uint8_t* v = &labels.at(box.lo[0], y, z);
      for (int64_t x = 0; x < box.size(0); ++x) out[x] = v[x] == cls;
      if (!z_inner || y == 0 || y == g.ny() - 1) continue;
      // Voxels with every neighbour in the grid leave the surface when all of them are of the class.
      const int64_t first = std::max<int64_t>(box.lo[0], 1) - box.lo[0];
      const int64_t last = std::min(box.hi[0], nx - 2) - box.lo[0];
      for (int64_t x = first; x <= last; ++x) {
        const bool interior = (v[x - 1] == cls) & (v[x + 1] == cls) & (v[x - nx] == cls) & (v[x + nx] == cls) &
                              (v[x - dz] == cls) & (v[x + dz] == cls);
        out[x] &= static_cast<uint8_t>(!interior);
      }
    }
  }
  return surface;
}

// Distances at the voxels of `from` to the nearest voxel of `to` (same grid).
std::vector<double> directed(const data::LabelVolume& from, const data::LabelVolume& to) {
  std::vector<double> out = squared_distance_at(to, from);
  for (double& d : out) d = std::sqrt(d);
  return out;
}

}  // namespace

data::LabelVolume mask_surface(const data::LabelVolume& labels, uint8_t cls) {
  const data::Geometry& g = labels.geometry;
  Box whole;
  whole.hi = {g.nx() - 1, g.ny() - 1, g.nz() - 1};
  data::LabelVolume surface = surface_in(labels, cls, whole, g.spacing);
  surface.geometry = g;
  return surface;
}

SurfaceDistances surface_distances(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls,
                                   const std::array<double, 3>& spacing) {
  require_same_grid(pred.geometry, gt.geometry, "surface distances");
  const Box box = union_box(pred, gt, cls);
  if (box.empty()) return {};
  const data::LabelVolume pred_surface = surface_in(pred, cls, box, spacing);
  const data::LabelVolume gt_surface = surface_in(gt, cls, box, spacing);
  return {directed(pred_surface, gt_surface), directed(gt_surface, pred_surface)};
}

}  // namespace hypera::core
