#include "data/pipeline/items.h"

#include <random>
#include <stdexcept>
#include <string>

#include "support/input_error.h"
#include "data/pipeline/seeding.h"

namespace hypera::data {

std::vector<Item> make_items(const SampleCache& cache, int network_dims, int slice_axis) {
  if (network_dims != 2 && network_dims != 3) throw std::invalid_argument("make_items: network_dims must be 2 or 3");
  if (slice_axis < 0 || slice_axis > 2) throw std::invalid_argument("make_items: slice_axis must be 0, 1 or 2");
  std::vector<Item> items;
  for (int32_t s = 0; s < static_cast<int32_t>(cache.size()); ++s) {
    const Geometry& geometry = cache[s].label.geometry;
    if (network_dims == 3 || geometry.is_2d()) {
      items.push_back({s, -1, 0});
      continue;
    }
    for (int32_t i = 0; i < geometry.size[slice_axis]; ++i) items.push_back({s, slice_axis, i});
  }
  return items;
}

std::vector<Item> shard_items(const std::vector<Item>& all, int64_t epoch, uint64_t seed, int rank, int world_size) {
  if (world_size < 1 || rank < 0 || rank >= world_size) {
    throw std::invalid_argument("shard_items: rank " + std::to_string(rank) + " outside world of size " +
                                std::to_string(world_size));
  }
  if (all.size() < static_cast<size_t>(world_size)) {
    throw InputError("training split: " + std::to_string(all.size()) + " items cannot be shared by " +
                     std::to_string(world_size) + " ranks");
  }
  std::vector<Item> order = all;
  // Fisher-Yates with a plain modulo draw, so the permutation does not depend on how a standard
  // library implements its distributions (ranks may run different builds). The modulo bias is < 2^-40.
  std::mt19937_64 rng(derive_seed(seed, static_cast<uint64_t>(epoch)));
  for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng() % (i + 1)]);
  const size_t share = order.size() / static_cast<size_t>(world_size);
  const auto begin = order.begin() + static_cast<std::ptrdiff_t>(share * static_cast<size_t>(rank));
  return std::vector<Item>(begin, begin + static_cast<std::ptrdiff_t>(share));
}

}  // namespace hypera::data
