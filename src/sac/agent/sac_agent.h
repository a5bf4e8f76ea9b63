#pragma once
// A complete Soft Actor-Critic agent: learner (networks, optimizers, temperature), replay buffer, n-step
// accumulator, counters and random generators. Continuous actions (bounds in the config) or discrete ones
// (config.discrete_actions choices). See sac_learner.h for the update itself.
//
// Randomness: a torch generator (network initialisation, policy noise, action sampling) and an mt19937_64
// (warm-up actions, replay sampling), both seeded from config.seed; nothing global. Two agents built from the
// same config and fed the same calls are bitwise equal, and so is a saved and reloaded one.
// Threads: set torch's intra-op threads yourself (one is fastest for small networks). Not thread-safe.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sac/agent/sac_config.h"
#include "sac/agent/sac_learner.h"
#include "sac/agent/update_stats.h"
#include "sac/replay/n_step.h"

namespace hypera::sac {

class SacAgent {
 public:
  // Validates first: throws std::invalid_argument naming the bad field.
  explicit SacAgent(const SacConfig& config);
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
  // the buffer holds >= batch_size transitions, performs updates_per_step updates. Throws
  // std::invalid_argument for steps of the wrong sizes or with non-finite values.
  void observe(const Step& step);

  // One gradient update of critics, actor (and V), alpha and targets on a batch from the buffer.
  // Throws std::logic_error when the buffer is empty.
  UpdateStats update();
  const UpdateStats& last_update() const;

  int64_t steps_observed() const;
  int64_t updates_done() const;

  // Complete state: networks, targets, optimizers, log alpha, buffer, accumulator, counters, RNG states.
  // load() expects a file saved by an agent of the same config; on any error it throws std::runtime_error
  // (one line naming the path) and leaves this agent unchanged.
  void save(const std::string& path) const;
  void load(const std::string& path);

  // Networks, targets and temperature, read-only (diagnostics and tests).
  const SacLearner& learner() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hypera::sac
