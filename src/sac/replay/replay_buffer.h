#pragma once
// The replay-buffer interface (DESIGN.md: a pluggable part; implementations live beside this header).
// The SAC update only sees this interface, so that the distributed layer can put a sharded buffer behind it.
//
// Contract for every implementation:
// - Fixed capacity; when full, add() overwrites the oldest transition (circular).
// - sample() draws `batch_size` transitions (with replacement) using only `rng`, so that a buffer and an
//   rng in the same state give the same batch. Precondition: size() > 0.
// - update_priorities() receives the absolute TD errors of a sampled batch in the order of its indices;
//   buffers without priorities ignore it.
// - save()/load() round-trip the complete state (contents, write position, priorities, annealing step).
// - Not thread-safe: one caller at a time.
//
// Sharding seam (the distributed layer; not built here): a sharded buffer implements this same interface on
// every rank. Transitions carry a global sequence id (their position in the all-gathered stream); add() on
// rank r keeps only those with sequence_id % world_size == r in a local UniformReplay or PrioritizedReplay
// and drops the rest, so the shards are disjoint and together hold every transition once. sample() draws
// from the local shard only (each rank's rng is seeded per rank) and returns local indices, which
// update_priorities() receives back on the same rank; size()/capacity() are the local shard's. save() of a
// shard writes its slots with their sequence ids, so that a checkpoint can be gathered and re-partitioned
// for another world size by the same rule.
#include <torch/torch.h>

#include <cstdint>
#include <random>
#include <vector>

#include "sac/replay/transition.h"

namespace hypera::sac {

class ReplayBuffer {
 public:
  virtual ~ReplayBuffer() = default;

  virtual void add(const Transition& transition) = 0;
  virtual Batch sample(int64_t batch_size, std::mt19937_64& rng) = 0;
  virtual void update_priorities(const std::vector<int64_t>& indices, const std::vector<float>& abs_td_errors) = 0;
  virtual int64_t size() const = 0;
  virtual int64_t capacity() const = 0;

  virtual void save(torch::serialize::OutputArchive& archive) const = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;
};

}  // namespace hypera::sac
