#pragma once
// The training unit and its per-rank shards. An item is a whole sample (2D images, 3D training) or one
// slice of a 3D sample (2D training on volumes). Pure functions; thread-safe.
#include <cstdint>
#include <vector>

#include "data/pipeline/sample_cache.h"

namespace hypera::data {

struct Item {
  int32_t sample = 0;  // index into the SampleCache
  int32_t axis = -1;   // -1: the whole sample; 0/1/2: the slice `slice` along x/y/z
  int32_t slice = 0;
  bool operator==(const Item& other) const {
    return sample == other.sample && axis == other.axis && slice == other.slice;
  }
  bool operator<(const Item& other) const {
    if (sample != other.sample) return sample < other.sample;
    if (axis != other.axis) return axis < other.axis;
    return slice < other.slice;
  }
};

// network_dims 3: one item per sample. network_dims 2: a 2D sample (nz == 1) is one item; a 3D sample
// gives one item per slice along slice_axis (0/1/2 = x/y/z). Other values throw std::invalid_argument.
std::vector<Item> make_items(const SampleCache& cache, int network_dims, int slice_axis = 2);

// Rank `rank`'s share of `all` for one epoch: `all` is permuted by a Fisher-Yates shuffle seeded from
// (seed, epoch), identical on every rank; rank r then takes the contiguous block
// [r * n, (r + 1) * n) with n = all.size() / world_size. THE REMAINDER IS DROPPED: every rank gets
// exactly n items (so all ranks do the same number of steps) and shards are disjoint; the dropped
// items are different ones each epoch. Throws InputError when all.size() < world_size (some rank
// would get nothing to train on), std::invalid_argument on a bad rank or world_size. Cost O(all).
std::vector<Item> shard_items(const std::vector<Item>& all, int64_t epoch, uint64_t seed, int rank, int world_size);

}  // namespace hypera::data
