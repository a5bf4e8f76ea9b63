#pragma once
// The replay-buffer interface (docs/ARCHITECTURE.md: a pluggable part; implementations live beside this header).
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
// Sharding: ShardedReplay (sharded_replay.h) implements this interface over one of these buffers.
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
  // The stored transitions of `slots` (each in [0, size())), in their order, with weights 1. Slots are
  // filled in order 0, 1, ... and, once full, overwritten circularly from 0.
  virtual Batch gather(const std::vector<int64_t>& slots) const = 0;
  virtual int64_t size() const = 0;
  virtual int64_t capacity() const = 0;

  virtual void save(torch::serialize::OutputArchive& archive) const = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;
};

}  // namespace hypera::sac
