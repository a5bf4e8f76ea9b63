#pragma once
// Gymnasium's MountainCarContinuous-v0 (gymnasium/envs/classic_control/continuous_mountain_car.py, 1.x):
// drive an under-powered car up the right hill. State: position in [-1.2, 0.6], velocity in [-0.07, 0.07].
// Action: force in [-1, 1], clipped. velocity' = clip(velocity + force * 0.0015 - 0.0025 cos(3 position),
// +-0.07); position' = clip(position + velocity', -1.2, 0.6); at the left wall a negative velocity becomes 0.
// Terminated when position >= 0.45 and velocity >= 0; reward 100 on termination, minus 0.1 action^2 every
// step (the unclipped action, as Gymnasium does). Truncated after 999 steps. Initial position uniform in
// [-0.6, -0.4], velocity 0. Precision as in Gymnasium with NumPy 2: the state is float64 after a reset and
// float32 after every step, and each operation runs in the precision NumPy would give it.
#include <random>

#include "environment.h"

namespace hypera::sac_bench {

class MountainCar : public Environment {
 public:
  std::vector<float> reset(std::optional<uint64_t> seed = std::nullopt) override;
  std::vector<float> reset_to(const std::vector<double>& state) override;
  EnvStep step(const std::vector<float>& action) override;

  int64_t observation_dim() const override { return 2; }
  std::vector<float> action_low() const override { return {-1.0F}; }
  std::vector<float> action_high() const override { return {1.0F}; }
  int64_t max_episode_steps() const override { return 999; }
  std::string name() const override { return "mountaincar"; }

 private:
  std::vector<float> observation() const { return {float(position_), float(velocity_)}; }

  std::mt19937_64 rng_{0};
  double position_ = 0;
  double velocity_ = 0;
  bool state_is_float32_ = false;  // Gymnasium's state array: float64 after reset, float32 after a step
  int64_t steps_ = -1;  // steps taken in this episode; -1 before the first reset
};

}  // namespace hypera::sac_bench
