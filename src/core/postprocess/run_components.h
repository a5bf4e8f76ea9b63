#pragma once
// Connected components of a binary mask found by runs: the voxels of one value are cut into runs along x,
// and a union-find joins the runs of neighbouring rows that touch. The same labels as
// data::label_components (data/io/components.h) for a binary mask, several times faster because it visits
// runs, not voxels' neighbours; also each component's size and whether it touches the grid's border.
#include <cstdint>
#include <vector>

#include "data/io/components.h"
#include "data/io/volume.h"

namespace hypera::core {

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

// The components of the voxels whose "is foreground" (value != 0) equals `foreground`; Face: neighbours
// share a side (4 / 6), Full: a side, edge or corner (8 / 26); a 2D grid (nz == 1) uses the 2D
// neighbourhood. Cost: one pass over the grid plus O(runs) union-find work; memory O(runs). Thread-safe.
RunComponents run_components(const data::LabelVolume& mask, bool foreground, data::Connectivity connectivity);

// The components as an instance volume on the mask's grid (0 outside them): for foreground = true, equal to
// data::label_components(mask as 0/1, connectivity).
data::InstanceVolume paint(const RunComponents& components, const data::Geometry& geometry);

}  // namespace hypera::core
