#pragma once
// The full neighbourhood of a voxel (8 in 2D, 26 in 3D) inside the grid, for the flooding algorithms of
// this library. Header-only; no state.
#include <cstdint>

#include "data/io/volume.h"

namespace hypera::core {

// Calls visit(neighbour_index) for every in-grid voxel that shares a side, edge or corner with the voxel
// (x, y, z) whose index is `index`, in increasing index order. Raster scans that know the coordinates
// call this form: it divides nothing.
template <class Visit>
inline void for_each_neighbour(const data::Geometry& g, int64_t index, int64_t x, int64_t y, int64_t z,
                               Visit visit) {
  const int64_t nx = g.nx();
  const int64_t ny = g.ny();
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

// The same for a voxel known by its index only (one integer division in 2D, two in 3D).
template <class Visit>
inline void for_each_neighbour(const data::Geometry& g, int64_t index, Visit visit) {
  const int64_t row = index / g.nx();  // y + ny * z
  const int64_t z = g.nz() > 1 ? row / g.ny() : 0;
  for_each_neighbour(g, index, index - row * g.nx(), row - z * g.ny(), z, visit);
}

// Calls visit(index, x, y, z) for every voxel of the grid, in increasing index order (x fastest) or, when
// `backward`, in decreasing order.
template <class Visit>
inline void for_each_voxel(const data::Geometry& g, bool backward, Visit visit) {
  const int64_t nx = g.nx(), ny = g.ny(), nz = g.nz();
  if (!backward) {
    int64_t index = 0;
    for (int64_t z = 0; z < nz; ++z) {
      for (int64_t y = 0; y < ny; ++y) {
        for (int64_t x = 0; x < nx; ++x, ++index) visit(index, x, y, z);
      }
    }
    return;
  }
  int64_t index = g.voxel_count() - 1;
  for (int64_t z = nz - 1; z >= 0; --z) {
    for (int64_t y = ny - 1; y >= 0; --y) {
      for (int64_t x = nx - 1; x >= 0; --x, --index) visit(index, x, y, z);
    }
  }
}

}  // namespace hypera::core
