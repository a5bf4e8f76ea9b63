#pragma once
// Circular replay buffer with uniform sampling (with replacement) over the stored transitions.
// Contract: ReplayBuffer (replay_buffer.h). Memory: TransitionStore, 4 * capacity * (2S + A + 2) bytes,
// allocated once. sample(B): B draws of std::uniform_int_distribution<int64_t>(0, size() - 1) from rng,
// then one index_select per field; weights are all 1.
#include <cstdint>
#include <random>
#include <vector>

#include "sac/replay/replay_buffer.h"
#include "sac/replay/transition_store.h"

namespace hypera::sac {

class UniformReplay : public ReplayBuffer {
 public:
  // Throws std::invalid_argument when a size is not positive.
  UniformReplay(int64_t capacity, int64_t state_dim, int64_t action_dim);

  // Throws std::invalid_argument for a transition of the wrong sizes or with non-finite values.
  void add(const Transition& transition) override;
  // Throws std::invalid_argument when batch_size <= 0 and std::logic_error when the buffer is empty.
  Batch sample(int64_t batch_size, std::mt19937_64& rng) override;
  // Uniform sampling has no priorities: ignored.
  void update_priorities(const std::vector<int64_t>& indices, const std::vector<float>& abs_td_errors) override;
  Batch gather(const std::vector<int64_t>& slots) const override { return store_.gather(slots); }
  int64_t size() const override { return store_.size(); }
  int64_t capacity() const override { return store_.capacity(); }

  // Keys as in TransitionStore::save.
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  TransitionStore store_;
  std::vector<int64_t> indices_;  // reused between samples
};

}  // namespace hypera::sac
