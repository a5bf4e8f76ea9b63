#pragma once
// A complete Soft Actor-Critic agent: learner (networks, optimizers, temperature), replay buffer, n-step
// accumulator, counters and random generators. Continuous actions (bounds in the config) or discrete ones
// (config.discrete_actions choices). See sac_learner.h for the update itself.
//
// Randomness: a torch generator (network initialisation, policy noise, action sampling) and an mt19937_64
// (warm-up actions, replay sampling), both seeded from config.seed; nothing global. Two agents built from the
// same config and fed the same calls are bitwise equal, and so is a saved and reloaded one.
// Data parallel (replica_group.h): built with a ReplicaGroup on every rank from the same config, the agents
// are replicas. observe() all-gathers every rank's new transitions (one collective per call, also when a
// rank has none) into a ShardedReplay (shard = rank; each shard holds ceil(buffer_capacity / ranks)); every
// update samples the rank's own shard with a generator seeded per rank and averages the gradients, so the
// networks, optimizers and temperature stay bitwise identical on every rank. Warm-up actions and replay
// batches differ per rank; the torch generator (policy noise) is the same on every rank.
// Threads: set torch's intra-op threads yourself (one is fastest for small networks). Not thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sac/agent/replica_group.h"
#include "sac/agent/sac_config.h"
#include "sac/agent/sac_learner.h"
#include "sac/agent/update_stats.h"
#include "sac/replay/n_step.h"
#include "sac/replay/sharded_replay.h"

namespace hypera::sac {

class SacAgent {
 public:
  // Validates first: throws std::invalid_argument naming the bad field. replicas: not owned, must outlive
  // the agent; null = alone (a group of one).
  explicit SacAgent(const SacConfig& config, ReplicaGroup* replicas = nullptr);
  ~SacAgent();
  SacAgent(const SacAgent&) = delete;
  SacAgent& operator=(const SacAgent&) = delete;

  // Explore: uniform random actions until warmup_steps steps were observed, then a policy sample.
  // !explore: the deterministic action (tanh(mean) rescaled; argmax for discrete).
  // Returns |A| values within the bounds (grid values when action_bins > 1), or for discrete actions one
  // value, the index.
  // Throws std::invalid_argument when state does not have state_dim values. Cost: one actor forward.
  std::vector<float> act(const std::vector<float>& state, bool explore = true);

  // Records one environment step (through the n-step accumulator into the buffer); once warm-up is over and
  // the shards together hold >= max(batch_size, ranks) transitions, performs updates_per_step updates.
  // Collective with replicas: every rank calls it the same number of times. Throws
  // std::invalid_argument for steps of the wrong sizes or with non-finite values.
  void observe(const Step& step);

  // One gradient update of critics, actor (and V), alpha and targets on a batch from the buffer.
  // Throws std::logic_error when the buffer is empty.
  UpdateStats update();
  const UpdateStats& last_update() const;

  int64_t steps_observed() const;
  int64_t updates_done() const;

  // Complete state: networks, targets, optimizers, log alpha, this rank's replay shard, accumulator,
  // counters, RNG states. load() expects a file saved by an agent of the same config; it restores the replay
  // only when the file was saved with the same number of shards (otherwise the buffer starts empty). On any
  // error it throws std::runtime_error (one line naming the path) and leaves this agent unchanged.
  void save(const std::string& path) const;
  void load(const std::string& path);

  // The same as bytes, without the replay contents unless `with_replay` (a distributed checkpoint stores those
  // once, gathered: experience()); load_bytes() restores the replay when the bytes hold one of the same shard
  // count, and otherwise leaves the buffer empty. `what` names the source in errors.
  std::string save_bytes(bool with_replay = false) const;
  void load_bytes(const std::string& bytes, const std::string& what);

  // This rank's replay shard with sequence ids, and the length of the all-gathered stream.
  SequencedTransitions experience() const;
  int64_t experience_offered() const;
  // Re-partitions gathered experience (ShardedReplay::restore) into this rank's empty shard.
  void restore_experience(const SequencedTransitions& all, int64_t offered);

  // Parallel episodes of one rank each (meta-train): this agent and `sibling` were both loaded from the state
  // `origin` holds and then learned apart. Adds what the sibling learned from since then, as a learner that had
  // seen it: its transitions with sequence ids >= origin.experience_offered(), in order, as if observed here
  // (the n-step accumulator is left alone: they are complete transitions); its steps since origin as observed;
  // and as many updates on the merged replay as it made since origin, so that the updates per transition stay
  // those of episodes run one after another. The sibling's networks are not used. Throws std::logic_error with
  // replicas, and std::invalid_argument when the sibling has fewer steps, updates or transitions than origin
  // (they did not start from it). Cost: the sibling's updates since origin.
  void absorb(const SacAgent& sibling, const SacAgent& origin);

  // Networks, targets and temperature, read-only (diagnostics and tests); the config it was built with.
  const SacLearner& learner() const;
  const SacConfig& config() const;

 private:
  struct State;
  // Builds a fresh state, reads it from the archive `open` fills, and swaps it in only when all went well.
  void load_from(const std::function<void(torch::serialize::InputArchive&)>& open, const std::string& what);
  std::unique_ptr<State> state_;
};

}  // namespace hypera::sac
