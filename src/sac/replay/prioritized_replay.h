#pragma once
// Prioritized experience replay, proportional variant (Schaul et al. 2016, "Prioritized Experience Replay").
// - Priority of a transition: p_i = (|td_i| + epsilon)^alpha, set by update_priorities(). A new transition
//   gets the largest priority seen so far (1 before any update; the maximum never decreases), so it is
//   sampled at least once soon. Sampling probability P(i) = p_i / sum_j p_j over the stored transitions.
// - Stratified sampling: the total is split into B equal segments and one u is drawn uniformly in each, so
//   element k of a batch comes from segment k (indices are ordered by segment, not sorted by value).
// - Importance weights: w_i = (N * P(i))^-beta with N = size(), normalised by the largest w_j of the same
//   batch (so the largest weight in every batch is exactly 1). This is batch normalisation, not
//   normalisation by the smallest priority of the whole buffer.
// - beta is annealed linearly from options.beta to 1 over options.beta_steps sampled batches: the batch
//   sampled after t earlier batches uses beta + (1 - beta) * min(1, t / beta_steps) (1 at once when
//   beta_steps == 0).
// Cost: sample(B) is O(B log C) for the tree plus one index_select per field; add() and each updated
// priority are O(log C). Memory: TransitionStore plus 16 * bit_ceil(C) bytes for the tree. Not thread-safe.
#include <cstdint>
#include <random>
#include <vector>

#include "sac/replay/replay_buffer.h"
#include "sac/replay/sum_tree.h"
#include "sac/replay/transition_store.h"

namespace hypera::sac {

struct PriorityOptions {
  double alpha = 0.6;          // >= 0; 0 gives uniform sampling
  double beta = 0.4;           // initial importance-sampling exponent, in [0, 1]
  int64_t beta_steps = 100000; // sampled batches until beta reaches 1, >= 0
  double epsilon = 1e-6;       // > 0, keeps every stored transition sampleable
};

// Throws std::invalid_argument naming the first option outside its range.
void check_priority_options(const PriorityOptions& options);

class PrioritizedReplay : public ReplayBuffer {
 public:
  // Throws std::invalid_argument when a size is not positive or an option is outside its range.
  PrioritizedReplay(int64_t capacity, int64_t state_dim, int64_t action_dim, PriorityOptions options);

  void add(const Transition& transition) override;
  // Throws std::invalid_argument when batch_size <= 0 and std::logic_error when the buffer is empty.
  Batch sample(int64_t batch_size, std::mt19937_64& rng) override;
  // Throws std::invalid_argument (before changing anything) when the lengths differ, an index is outside
  // [0, size()) or an error is negative or not finite. A repeated index keeps its last error.
  void update_priorities(const std::vector<int64_t>& indices, const std::vector<float>& abs_td_errors) override;
  Batch gather(const std::vector<int64_t>& slots) const override { return store_.gather(slots); }
  int64_t size() const override { return store_.size(); }
  int64_t capacity() const override { return store_.capacity(); }

  // The stored priority p_i (already raised to alpha) of slot `index`; 0 for an empty slot.
  double priority(int64_t index) const { return tree_.get(index); }
  // The beta that the next sample() will use.
  double beta() const;

  // TransitionStore's keys plus "priorities" (float64 [capacity]), "max_priority" and "sampled_batches".
  // The options are configuration and are not saved: load() keeps this buffer's own.
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  PriorityOptions options_;
  TransitionStore store_;
  SumTree tree_;
  double max_priority_ = 1.0;
  int64_t sampled_batches_ = 0;
  std::vector<int64_t> indices_;  // reused between samples
};

}  // namespace hypera::sac
