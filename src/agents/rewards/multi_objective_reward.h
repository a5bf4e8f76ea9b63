#pragma once
// The reward of one agent for one episode (one image): the weighted improvement of the refined segmentation
// over the base setting's segmentation of the same image (an advantage, free of per-image difficulty).
#include "agents/rewards/adaptive_weight_manager.h"
#include "agents/rewards/reward_components.h"

namespace hypera::agents {

class MultiObjectiveRewardCalculator {
 public:
  explicit MultiObjectiveRewardCalculator(AdaptiveWeightManager phases = AdaptiveWeightManager());

  // sum_k w_k s_k (refined_k - base_k) / sum_k w_k s_k, with w the phase weights at `progress` and s the
  // agent's specialty (non-negative, not all zero: std::invalid_argument otherwise). Zero when the refined
  // setting reproduces the base segmentation; positive when it is better on the weighted objectives.
  // Thread-safe.
  double reward(const RewardVector& refined, const RewardVector& base, const RewardVector& specialty,
                double progress) const;

  const AdaptiveWeightManager& phases() const { return phases_; }

 private:
  AdaptiveWeightManager phases_;
};

}  // namespace hypera::agents
