#pragma once
// n-step return accumulation: turns raw environment steps into the Transitions a replay buffer stores.
// Not thread-safe; one accumulator per environment (per stream of consecutive steps).
#include <torch/torch.h>

#include <cstdint>
#include <deque>
#include <vector>

#include "sac/replay/transition.h"

namespace hypera::sac {

// One raw environment step.
struct Step {
  std::vector<float> state;
  std::vector<float> action;
  float reward = 0;
  std::vector<float> next_state;
  bool terminated = false;  // true terminal state: no bootstrap
  bool truncated = false;   // time limit: episode ends but bootstrapping continues
};

class NStepAccumulator {
 public:
  // Throws std::invalid_argument unless n >= 1 and gamma is in [0, 1].
  NStepAccumulator(int64_t n, double gamma);

  // Feeds one step; returns the transitions that became complete: the n-step transition starting n-1 steps
  // ago once n steps are pending; at an episode end (terminated or truncated) every pending step is flushed
  // as a shorter transition, oldest first. For a transition over steps t .. t+k-1 (k <= n):
  // state/action of step t, reward = sum_{j<k} gamma^j r_{t+j} (summed in double), next_state = the
  // next_state of step t+k-1, discount = gamma^k, or 0 if step t+k-1 terminated (terminated wins over
  // truncated). n == 1 gives ordinary one-step transitions. Throws std::invalid_argument when the step's
  // state, action or next_state size differs from the pending steps' (the accumulator is then unchanged).
  // Cost: O(k * (S + A)) per returned transition.
  std::vector<Transition> push(const Step& step);

  // Steps waiting for their n-step transition (always fewer than n between calls).
  int64_t pending() const { return static_cast<int64_t>(pending_.size()); }

  // The pending steps under the keys "states", "actions", "rewards", "next_states" (float32 tensors with one
  // row per step). load() replaces the pending steps and throws std::invalid_argument (one line,
  // "n-step archive: ...") when a key is missing, shapes disagree or there are n or more steps.
  void save(torch::serialize::OutputArchive& archive) const;
  void load(torch::serialize::InputArchive& archive);

 private:
  Transition transition_from(size_t first) const;  // pending_[first .. end)

  int64_t n_;
  double gamma_;
  std::deque<Step> pending_;
};

}  // namespace hypera::sac
