#pragma once
// Connected-component labelling of 2D and 3D grids, by runs: the voxels of a row (fixed y and z) are cut into
// runs of one value along x, and a union-find joins the runs of neighbouring rows that touch. It visits runs,
// not every voxel's neighbours.
#include <cstdint>
#include <vector>

#include "data/io/volume.h"

namespace hypera::data {

// Face: neighbours share a side (4 in 2D, 6 in 3D). Full: they share a side, edge or corner (8 / 26).
enum class Connectivity { Face, Full };

// Which voxels form components: the non-zero ones, touching voxels joining only when their values are EQUAL
// (so a binary mask yields its components and a mask whose touching objects have different values, BBBC039,
// one component per object), or the zero ones (the background).
enum class ComponentsOf { NonZero, Zero };

// A run of voxels [begin, end) along x in one row (row = y + ny * z).
struct VoxelRun {
  int64_t row = 0;
  int64_t begin = 0;
  int64_t end = 0;
};

struct RunComponents {
  std::vector<VoxelRun> runs;  // in scan order (x fastest, then y, then z)
  std::vector<int32_t> id;     // per run: its component, 1..count in scan order of each component's first voxel
  std::vector<int64_t> size;   // per component id (index 0 unused): voxels
  std::vector<bool> border;    // per component id: touches a border face of the grid (z faces only in 3D)
  int32_t count = 0;
};

// The components of `which` voxels. A 2D grid (nz == 1) uses the 2D neighbourhood. Cost: one pass over the
// grid plus O(runs) union-find work; memory O(runs). Thread-safe. Instantiated for uint8_t, uint16_t and
// int32_t.
template <class T>
RunComponents run_components(const Volume<T>& values, Connectivity connectivity,
                             ComponentsOf which = ComponentsOf::NonZero);

// The components as ids on `geometry` (the grid they were found on), 0 outside them.
InstanceVolume paint_components(const RunComponents& components, const Geometry& geometry);

// paint_components(run_components(values, connectivity)): ids 1..N in scan order of each component's first
// voxel, background (0) stays 0; if `count` is not null it receives N.
template <class T>
InstanceVolume label_components(const Volume<T>& values, Connectivity connectivity, int32_t* count = nullptr);

}  // namespace hypera::data
