#include "data/io/components.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hypera::data {
namespace {

std::vector<std::array<int64_t, 3>> neighbour_offsets(Connectivity connectivity) {
  std::vector<std::array<int64_t, 3>> offsets;
  for (int64_t dz = -1; dz <= 1; ++dz) {
    for (int64_t dy = -1; dy <= 1; ++dy) {
      for (int64_t dx = -1; dx <= 1; ++dx) {
        const int64_t steps = (dx != 0) + (dy != 0) + (dz != 0);
        if (steps == 0 || (connectivity == Connectivity::Face && steps > 1)) continue;
        offsets.push_back({dx, dy, dz});
      }
    }
  }
  return offsets;
}

}  // namespace

template <class T>
InstanceVolume label_components(const Volume<T>& values, Connectivity connectivity, int32_t* count) {
  const Geometry& g = values.geometry;
  InstanceVolume ids(g, 0);
  const auto offsets = neighbour_offsets(connectivity);
  std::vector<int64_t> stack;
  int32_t next_id = 0;
  for (int64_t seed = 0; seed < g.voxel_count(); ++seed) {
    const T value = values.voxels[size_t(seed)];
    if (value == T{} || ids.voxels[size_t(seed)] != 0) continue;
    ids.voxels[size_t(seed)] = ++next_id;
    stack.push_back(seed);
    while (!stack.empty()) {  // depth-first flood fill of this component
      const int64_t at = stack.back();
      stack.pop_back();
      const int64_t x = at % g.nx(), y = (at / g.nx()) % g.ny(), z = at / (g.nx() * g.ny());
      for (const auto& d : offsets) {
        const int64_t nx = x + d[0], ny = y + d[1], nz = z + d[2];
        if (nx < 0 || ny < 0 || nz < 0 || nx >= g.nx() || ny >= g.ny() || nz >= g.nz()) continue;
        const int64_t n = values.index(nx, ny, nz);
        if (ids.voxels[size_t(n)] == 0 && values.voxels[size_t(n)] == value) {
          ids.voxels[size_t(n)] = next_id;
          stack.push_back(n);
        }
      }
    }
  }
  if (count) *count = next_id;
  return ids;
}

template InstanceVolume label_components(const Volume<uint8_t>&, Connectivity, int32_t*);
template InstanceVolume label_components(const Volume<uint16_t>&, Connectivity, int32_t*);
template InstanceVolume label_components(const Volume<int32_t>&, Connectivity, int32_t*);

}  // namespace hypera::data
