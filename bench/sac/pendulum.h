#pragma once
// Gymnasium's Pendulum-v1 (gymnasium/envs/classic_control/pendulum.py, 1.x): swing a pendulum up and hold it.
// State: theta [rad] (0 = upright), theta_dot [rad/s], float64. Observation: float32 [cos theta, sin theta,
// theta_dot]. Action: torque in [-2, 2] N m, clipped. Dynamics with g = 10, m = 1, l = 1, dt = 0.05:
// theta_dot' = clip(theta_dot + (3g/(2l) sin theta + 3/(m l^2) u) dt, -8, 8), theta' = theta + theta_dot' dt.
// Reward: -(normalize(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2), computed on the state before the step.
// Never terminates; truncated after 200 steps. Initial state uniform in [-pi, pi] x [-1, 1].
// As in Gymnasium with NumPy 2, the torque stays float32 (clipped, squared, scaled) until it joins the
// float64 dynamics.
#include <random>

#include "environment.h"

namespace hypera::sac_bench {

class Pendulum : public Environment {
 public:
  std::vector<float> reset(std::optional<uint64_t> seed = std::nullopt) override;
  std::vector<float> reset_to(const std::vector<double>& state) override;
  EnvStep step(const std::vector<float>& action) override;

  int64_t observation_dim() const override { return 3; }
  std::vector<float> action_low() const override { return {-2.0F}; }
  std::vector<float> action_high() const override { return {2.0F}; }
  int64_t max_episode_steps() const override { return 200; }
  std::string name() const override { return "pendulum"; }

 private:
  std::vector<float> observation() const;

  std::mt19937_64 rng_{0};
  double theta_ = 0;
  double theta_dot_ = 0;
  int64_t steps_ = -1;  // steps taken in this episode; -1 before the first reset
};

}  // namespace hypera::sac_bench
