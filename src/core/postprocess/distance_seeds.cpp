#include "core/postprocess/distance_seeds.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "core/measure/distance_transform.h"
#include "core/postprocess/neighbourhood.h"
#include "data/io/components.h"
#include "support/input_error.h"

namespace hypera::core {

data::ImageVolume distance_to_background(const data::LabelVolume& mask) {
  data::LabelVolume background(mask.geometry);
  background.geometry.spacing = {1, 1, 1};
  for (size_t i = 0; i < background.voxels.size(); ++i) background.voxels[i] = mask.voxels[i] == 0;
  const std::vector<double> d2 = squared_distance_to_set(background);
  data::ImageVolume distance(mask.geometry);
  for (size_t i = 0; i < d2.size(); ++i) distance.voxels[i] = static_cast<float>(std::sqrt(d2[i]));
  return distance;
}

data::InstanceVolume h_maxima_seeds(const data::ImageVolume& height, const data::LabelVolume& mask, double h) {
  if (!std::isfinite(h) || h <= 0) {
    throw InputError("postprocess.min_seed_distance: must be a finite value > 0, got " + std::to_string(h));
  }
  if (!height.geometry.same_grid(mask.geometry)) {
    throw InputError("h-maxima seeds: height map and mask must be on the same grid");
  }
  const auto n = static_cast<int64_t>(mask.voxels.size());
  const auto dh = static_cast<float>(h);
  const data::Geometry& g = mask.geometry;
  // Reconstruction by dilation of J = (height - h) under I = height, both -infinity outside the mask
  // (Vincent 1993, hybrid algorithm): a forward and a backward raster scan, then a FIFO propagation from
  // the voxels that can still raise a neighbour. Exact; about linear in the voxel count.
  constexpr float kOff = -std::numeric_limits<float>::infinity();
  std::vector<float> limit(static_cast<size_t>(n), kOff);
  std::vector<float> level(static_cast<size_t>(n), kOff);
  for (int64_t i = 0; i < n; ++i) {
    if (mask.voxels[i] == 0) continue;
    limit[i] = height.voxels[i];
    level[i] = height.voxels[i] - dh;
  }
  // Neighbours q of p that come before p in scan order (q < p) in the forward pass, after it backward.
  auto scan = [&](int64_t p, int64_t x, int64_t y, int64_t z, bool forward) {
    float m = level[p];
    for_each_neighbour(g, p, x, y, z, [&](int64_t q) {
      if ((q < p) == forward) m = std::max(m, level[q]);
    });
    level[p] = std::min(m, limit[p]);
  };
  for_each_voxel(g, false, [&](int64_t p, int64_t x, int64_t y, int64_t z) {
    if (mask.voxels[p] != 0) scan(p, x, y, z, true);
  });
  std::deque<int64_t> fifo;
  for_each_voxel(g, true, [&](int64_t p, int64_t x, int64_t y, int64_t z) {
    if (mask.voxels[p] == 0) return;
    scan(p, x, y, z, false);
    bool can_raise = false;
    for_each_neighbour(g, p, x, y, z, [&](int64_t q) {
      can_raise |= q > p && level[q] < level[p] && level[q] < limit[q];
    });
    if (can_raise) fifo.push_back(p);
  });
  while (!fifo.empty()) {
    const int64_t p = fifo.front();
    fifo.pop_front();
    for_each_neighbour(g, p, [&](int64_t q) {
      if (level[q] < level[p] && level[q] != limit[q]) {
        level[q] = std::min(level[p], limit[q]);
        fifo.push_back(q);
      }
    });
  }
  // Seeds: the regional maxima of the reconstruction (plateaus without a higher neighbour). A voxel
  // with a higher neighbour is not a maximum, nor is anything on its plateau.
  data::LabelVolume seeds(mask.geometry);
  for (int64_t i = 0; i < n; ++i) seeds.voxels[i] = mask.voxels[i] != 0;
  std::vector<int64_t> lower;
  for_each_voxel(g, false, [&](int64_t i, int64_t x, int64_t y, int64_t z) {
    if (mask.voxels[i] == 0) return;
    bool has_higher = false;
    for_each_neighbour(g, i, x, y, z, [&](int64_t q) { has_higher |= mask.voxels[q] != 0 && level[q] > level[i]; });
    if (has_higher) {
      seeds.voxels[i] = 0;
      lower.push_back(i);
    }
  });
  while (!lower.empty()) {
    const int64_t p = lower.back();
    lower.pop_back();
    for_each_neighbour(g, p, [&](int64_t q) {
      if (seeds.voxels[q] && level[q] == level[p]) {
        seeds.voxels[q] = 0;
        lower.push_back(q);
      }
    });
  }
  return data::label_components(seeds, data::Connectivity::Full);
}

}  // namespace hypera::core
