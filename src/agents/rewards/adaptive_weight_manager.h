#pragma once
// Weights of the reward components that shift with training progress: early training rewards coarse
// overlap (Dice, foreground balance), the middle phase is balanced, late training rewards the fine, object-
// level objectives (object F1, HD95, compactness).
#include "agents/rewards/reward_components.h"

namespace hypera::agents {

enum class TrainingPhase { Early, Middle, Late };

class AdaptiveWeightManager {
 public:
  // Phase boundaries as fractions of training progress: [0, early_end) early, [early_end, late_start) middle,
  // [late_start, 1] late. std::invalid_argument unless 0 <= early_end <= late_start <= 1.
  explicit AdaptiveWeightManager(double early_end = 1.0 / 3, double late_start = 2.0 / 3);

  // progress: completed fraction of training, clamped to [0, 1]. Inference has no phase (rewards are not
  // computed there).
  TrainingPhase phase(double progress) const;
  // The phase's weights: non-negative, summing to 1. Thread-safe (no mutable state).
  const RewardVector& weights(double progress) const;

 private:
  double early_end_;
  double late_start_;
};

}  // namespace hypera::agents
