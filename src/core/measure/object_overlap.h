#pragma once
// Sparse overlap table of two instance grids: the areas of every object and of every overlapping
// (predicted, true) pair. The common first step of object matching and object-level scores.
#include <cstdint>
#include <unordered_map>

#include "data/io/volume.h"

namespace hypera::core {

struct ObjectOverlap {
  std::unordered_map<int32_t, int64_t> pred_area;   // voxels of each predicted object (id != 0)
  std::unordered_map<int32_t, int64_t> gt_area;     // voxels of each true object
  std::unordered_map<int32_t, int64_t> gt_covered;  // voxels of each true object under any predicted object
  std::unordered_map<int32_t, int64_t> pred_covered;  // voxels of each predicted object under any true object
  // Key: (pred id << 32) | gt id, for pairs with a non-zero overlap.
  std::unordered_map<uint64_t, int64_t> overlap;

  static int32_t pred_of(uint64_t key) { return static_cast<int32_t>(key >> 32); }
  static int32_t gt_of(uint64_t key) { return static_cast<int32_t>(key & 0xffffffffu); }
};

// Grids must be the same size (InputError naming `who` otherwise). Cost: one pass over the voxels, hash
// map updates once per run of equal (pred, gt) pairs along x. Thread-safe.
ObjectOverlap object_overlap(const data::InstanceVolume& pred, const data::InstanceVolume& gt, const char* who);

}  // namespace hypera::core
