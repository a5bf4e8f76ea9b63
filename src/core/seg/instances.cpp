#include "core/seg/instances.h"

#include <array>
#include <string>
#include <vector>

#include "support/input_error.h"

namespace hypera::core {
namespace {

struct Offset {
  int64_t dx, dy, dz;
};

std::vector<Offset> neighbour_offsets(const data::Geometry& g, data::Connectivity connectivity) {
  std::vector<Offset> offsets;
  const int64_t z_reach = g.nz() > 1 ? 1 : 0;
  for (int64_t dz = -z_reach; dz <= z_reach; ++dz) {
    for (int64_t dy = -1; dy <= 1; ++dy) {
      for (int64_t dx = -1; dx <= 1; ++dx) {
        const int64_t steps = (dx != 0) + (dy != 0) + (dz != 0);
        if (steps == 0 || (connectivity == data::Connectivity::Face && steps > 1)) continue;
        offsets.push_back({dx, dy, dz});
      }
    }
  }
  return offsets;
}

}  // namespace

data::InstanceVolume instances_from_foreground(const data::LabelVolume& labels, data::Connectivity connectivity) {
  data::LabelVolume foreground(labels.geometry);
  for (size_t i = 0; i < labels.voxels.size(); ++i) {
    foreground.voxels[i] = labels.voxels[i] != 0;
  }
  return data::label_components(foreground, connectivity);
}

data::InstanceVolume instances_from_three_class(const data::LabelVolume& classes, const ThreeClassOptions& options) {
  const data::Geometry& g = classes.geometry;
  if (options.min_seed_size < 0) {
    throw InputError("instances.min_seed_size: must be >= 0, got " + std::to_string(options.min_seed_size));
  }
  const size_t n = classes.voxels.size();
  data::LabelVolume interior(g);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = classes.voxels[i];
    if (c > 2) {
      throw InputError("instances_from_three_class: class " + std::to_string(c) + " at voxel " + std::to_string(i) +
                       ", expected 0 (background), 1 (interior) or 2 (boundary)");
    }
    interior.voxels[i] = c == 1;
  }
  int32_t seed_count = 0;
  const data::InstanceVolume seeds = data::label_components(interior, options.connectivity, &seed_count);
  std::vector<int64_t> seed_size(static_cast<size_t>(seed_count) + 1, 0);
  for (int32_t id : seeds.voxels) {
    ++seed_size[id];
  }
  std::vector<int32_t> kept_id(seed_size.size(), 0);
  int32_t next_id = 0;
  for (size_t id = 1; id < seed_size.size(); ++id) {
    if (seed_size[id] >= options.min_seed_size) {
      kept_id[id] = ++next_id;
    }
  }

  // Multi-source breadth-first growth through boundary voxels and voxels of dropped seeds.
  data::InstanceVolume out(g, 0);
  std::vector<uint8_t> growable(n, 0);
  std::vector<int64_t> queue;
  queue.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const int32_t id = kept_id[seeds.voxels[i]];
    if (id != 0) {
      out.voxels[i] = id;
      queue.push_back(static_cast<int64_t>(i));
    } else {
      growable[i] = classes.voxels[i] != 0;
    }
  }
  const std::vector<Offset> offsets = neighbour_offsets(g, options.connectivity);
  const int64_t nx = g.nx();
  const int64_t ny = g.ny();
  const int64_t nz = g.nz();
  for (size_t head = 0; head < queue.size(); ++head) {
    const int64_t i = queue[head];
    const int64_t x = i % nx;
    const int64_t y = (i / nx) % ny;
    const int64_t z = i / (nx * ny);
    for (const Offset& o : offsets) {
      const int64_t xx = x + o.dx;
      const int64_t yy = y + o.dy;
      const int64_t zz = z + o.dz;
      if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
      const int64_t j = classes.index(xx, yy, zz);
      if (growable[j] && out.voxels[j] == 0) {
        out.voxels[j] = out.voxels[i];
        queue.push_back(j);
      }
    }
  }
  return out;
}

}  // namespace hypera::core
