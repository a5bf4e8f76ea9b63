#include "core/measure/object_overlap.h"

#include <cstddef>

#include "core/measure/same_grid.h"

namespace hypera::core {

ObjectOverlap object_overlap(const data::InstanceVolume& pred, const data::InstanceVolume& gt, const char* who) {
  require_same_grid(pred.geometry, gt.geometry, who);
  ObjectOverlap t;
  // Accumulated per run of equal (pred, gt) pairs: runs along x are long, so the hash maps are touched a
  // few times per object row rather than once per voxel.
  const auto flush = [&t](int32_t p, int32_t g, int64_t length) {
    if (length == 0) return;
    if (p != 0) t.pred_area[p] += length;
    if (g != 0) t.gt_area[g] += length;
    if (p != 0 && g != 0) {
      t.pred_covered[p] += length;
      t.gt_covered[g] += length;
      t.overlap[(uint64_t{static_cast<uint32_t>(p)} << 32) | static_cast<uint32_t>(g)] += length;
    }
  };
  int32_t run_p = 0;
  int32_t run_g = 0;
  int64_t run_length = 0;
  const std::size_t n = pred.voxels.size();
  for (std::size_t i = 0; i < n; ++i) {
    const int32_t p = pred.voxels[i];
    const int32_t g = gt.voxels[i];
    if (p == run_p && g == run_g) {
      ++run_length;
      continue;
    }
    flush(run_p, run_g, run_length);
    run_p = p;
    run_g = g;
    run_length = 1;
  }
  flush(run_p, run_g, run_length);
  return t;
}

}  // namespace hypera::core
