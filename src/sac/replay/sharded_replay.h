#pragma once
// One shard of a replay buffer that is partitioned over data-parallel replicas (docs/ARCHITECTURE.md: the buffer
// is partitioned, not replicated). Every rank offers the same stream of transitions in the same order (the
// all-gathered experience, see SacAgent); the k-th offered transition has sequence id k and is kept only by
// shard k % shards, in a local UniformReplay or PrioritizedReplay. The shards are disjoint and together hold
// every transition once (until each overwrites its own oldest). One shard of one is an ordinary buffer.
// When every rank contributes the same number of transitions per gather (the hyperparameter agents: one per
// decision), the all-gathered stream is rank-interleaved and shard r ends up holding exactly rank r's own
// transitions; the gather then buys global sequence ids (re-partitioning on resume) and balance when the
// counts differ, while every update still learns from all shards through the averaged gradients.
//
// Prioritized sampling across shards: each shard samples in proportion to its own priorities, with importance
// weights from its own size and batch, and TD errors return to the shard that sampled them (local indices, no
// communication). A data-parallel update therefore learns from a batch stratified by shard (batch_size
// transitions from each) rather than one drawn in proportion to the priorities of the union: the shards'
// priority totals do not compete, so a shard of mostly stale transitions is sampled as often as the others.
// With uniform sampling, stratified and global sampling have the same distribution up to shard sizes, which
// differ by at most one transition.
//
// Contract: ReplayBuffer; sample(), update_priorities(), gather(), size() and capacity() are the local shard's.
// Not thread-safe.
#include <memory>

#include "sac/replay/replay_buffer.h"

namespace hypera::sac {

// Transitions with their global sequence ids: batch row i has id ids[i].
struct SequencedTransitions {
  std::vector<int64_t> ids;
  Batch batch;
};

class ShardedReplay : public ReplayBuffer {
 public:
  // `local` must be empty. Throws std::invalid_argument unless 0 <= shard < shards.
  ShardedReplay(std::unique_ptr<ReplayBuffer> local, int shard, int shards);

  // Offers the next transition of the stream; kept when its id % shards == shard.
  void add(const Transition& transition) override;
  Batch sample(int64_t batch_size, std::mt19937_64& rng) override { return local_->sample(batch_size, rng); }
  void update_priorities(const std::vector<int64_t>& indices, const std::vector<float>& abs_td_errors) override {
    local_->update_priorities(indices, abs_td_errors);
  }
  Batch gather(const std::vector<int64_t>& slots) const override { return local_->gather(slots); }
  int64_t size() const override { return local_->size(); }
  int64_t capacity() const override { return local_->capacity(); }

  // Transitions offered so far on every rank (the next sequence id).
  int64_t offered() const { return offered_; }
  // Transitions the union of the shards holds now: every shard holds ceil or floor of offered / shards,
  // capped at its capacity; the same value on every rank.
  int64_t union_size() const;
  int shard() const { return shard_; }
  int shards() const { return shards_; }

  // This shard's transitions with their sequence ids, oldest first.
  SequencedTransitions contents() const;
  // Re-partitioning (a checkpoint written by any number of shards): from `all` (any order; the union of
  // contents() of every old shard) keeps those with id % shards == shard, adds them in id order, and
  // continues the stream at `offered`. Priorities start again at the largest seen, as for new transitions.
  // Throws std::logic_error when this shard is not empty and std::invalid_argument when an id >= offered.
  void restore(const SequencedTransitions& all, int64_t offered);

  // The local buffer's keys plus "sequence_ids" and "offered".
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  std::unique_ptr<ReplayBuffer> local_;
  int shard_;
  int shards_;
  int64_t offered_ = 0;
  int64_t kept_ = 0;                // transitions this shard ever kept (its next slot is kept_ % capacity)
  std::vector<int64_t> slot_ids_;   // sequence id of every filled slot
};

}  // namespace hypera::sac
