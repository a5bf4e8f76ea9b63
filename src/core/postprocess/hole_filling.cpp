#include "core/postprocess/hole_filling.h"

#include <string>
#include <vector>

#include "data/io/components.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

// Marks (value 2) every background voxel (value 0) face-connected to the grid's border. Depth-first
// flood with an explicit stack; O(voxels).
void mark_outside(data::LabelVolume& grid) {
  const auto& g = grid.geometry;
  const int64_t nx = g.nx(), ny = g.ny(), nz = g.nz();
  std::vector<int64_t> stack;
  auto visit = [&](int64_t i) {
    if (grid.voxels[i] == 0) {
      grid.voxels[i] = 2;
      stack.push_back(i);
    }
  };
  for (int64_t z = 0; z < nz; ++z) {
    for (int64_t y = 0; y < ny; ++y) {
      const bool edge_row = y == 0 || y == ny - 1 || (nz > 1 && (z == 0 || z == nz - 1));
      for (int64_t x = 0; x < nx; x += (edge_row || x == nx - 1) ? 1 : nx - 1) visit(grid.index(x, y, z));
    }
  }
  while (!stack.empty()) {
    const int64_t i = stack.back();
    stack.pop_back();
    const int64_t x = i % nx;
    const int64_t y = (i / nx) % ny;
    const int64_t z = i / (nx * ny);
    if (x > 0) visit(i - 1);
    if (x + 1 < nx) visit(i + 1);
    if (y > 0) visit(i - nx);
    if (y + 1 < ny) visit(i + nx);
    if (z > 0) visit(i - nx * ny);
    if (z + 1 < nz) visit(i + nx * ny);
  }
}

}  // namespace

data::LabelVolume fill_holes(const data::LabelVolume& mask, int64_t max_hole_size) {
  if (max_hole_size < 0) {
    throw InputError("postprocess.max_hole_size: must be >= 0, got " + std::to_string(max_hole_size));
  }
  data::LabelVolume result(mask.geometry);
  for (size_t i = 0; i < result.voxels.size(); ++i) result.voxels[i] = mask.voxels[i] != 0;
  if (max_hole_size == 0) return result;

  // 0 = hole voxel, 1 = foreground, 2 = background reaching the border.
  data::LabelVolume state = result;
  mark_outside(state);
  for (auto& v : state.voxels) v = v == 0;
  int32_t count = 0;
  const data::InstanceVolume holes = data::label_components(state, data::Connectivity::Face, &count);
  std::vector<int64_t> size(static_cast<size_t>(count) + 1, 0);
  for (const int32_t id : holes.voxels) ++size[id];
  for (size_t i = 0; i < result.voxels.size(); ++i) {
    const int32_t id = holes.voxels[i];
    if (id != 0 && size[id] <= max_hole_size) result.voxels[i] = 1;
  }
  return result;
}

}  // namespace hypera::core
