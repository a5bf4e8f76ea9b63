#pragma once
// The benchmark environments' interface: classic control tasks written in C++ from Gymnasium's published
// dynamics, with Gymnasium's time limits built in (Gymnasium adds them with its TimeLimit wrapper).
// Not thread-safe: one environment per thread. Every call costs a few hundred nanoseconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hypera::sac_bench {

struct EnvStep {
  std::vector<float> observation;  // float32, as Gymnasium returns it
  double reward = 0;
  bool terminated = false;  // a true terminal state (no future value)
  bool truncated = false;   // the time limit ended the episode; not a terminal state
};

class Environment {
 public:
  virtual ~Environment() = default;

  // Starts an episode from the published initial-state distribution. With a seed, the environment's random
  // generator is re-seeded first (as Gymnasium's reset(seed=...)); without, it continues its sequence.
  virtual std::vector<float> reset(std::optional<uint64_t> seed = std::nullopt) = 0;

  // Starts an episode from the given physical state (Pendulum: theta [rad], theta_dot [rad/s];
  // MountainCar: position, velocity) instead of a random one. For step-for-step comparisons.
  // Throws hypera::InputError when the state has the wrong number of values.
  virtual std::vector<float> reset_to(const std::vector<double>& state) = 0;

  // Advances one time step. Actions outside the bounds are clipped as Gymnasium clips them.
  // Precondition: an episode was started and has not ended. Throws hypera::InputError when the action has
  // the wrong size.
  virtual EnvStep step(const std::vector<float>& action) = 0;

  virtual int64_t observation_dim() const = 0;
  virtual std::vector<float> action_low() const = 0;
  virtual std::vector<float> action_high() const = 0;
  virtual int64_t max_episode_steps() const = 0;
  virtual std::string name() const = 0;
};

}  // namespace hypera::sac_bench
