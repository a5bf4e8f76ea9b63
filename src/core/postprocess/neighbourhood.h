#pragma once
// The full neighbourhood of a voxel (8 in 2D, 26 in 3D) inside the grid, for the flooding algorithms of
// this library. Header-only; no state.
#include <cstdint>

#include "data/io/volume.h"

namespace hypera::core {

// Calls visit(neighbour_index) for every in-grid voxel that shares a side, edge or corner with `index`.
template <class Visit>
inline void for_each_neighbour(const data::Geometry& g, int64_t index, Visit visit) {
  const int64_t nx = g.nx();
  const int64_t ny = g.ny();
  const int64_t x = index % nx;
  const int64_t y = (index / nx) % ny;
  const int64_t z = index / (nx * ny);
  const int64_t z_lo = z > 0 ? -1 : 0;
  const int64_t z_hi = z + 1 < g.nz() ? 1 : 0;
  const int64_t y_lo = y > 0 ? -1 : 0;
  const int64_t y_hi = y + 1 < ny ? 1 : 0;
  const int64_t x_lo = x > 0 ? -1 : 0;
  const int64_t x_hi = x + 1 < nx ? 1 : 0;
  for (int64_t dz = z_lo; dz <= z_hi; ++dz) {
    for (int64_t dy = y_lo; dy <= y_hi; ++dy) {
      const int64_t row = index + (dz * ny + dy) * nx;
      for (int64_t dx = x_lo; dx <= x_hi; ++dx) {
        if (dx != 0 || dy != 0 || dz != 0) visit(row + dx);
      }
    }
  }
}

}  // namespace hypera::core
