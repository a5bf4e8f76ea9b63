#include "agents/rewards/multi_objective_reward.h"

#include <cmath>
#include <stdexcept>

namespace hypera::agents {

MultiObjectiveRewardCalculator::MultiObjectiveRewardCalculator(AdaptiveWeightManager phases) : phases_(phases) {}

double MultiObjectiveRewardCalculator::reward(const RewardVector& refined, const RewardVector& base,
                                              const RewardVector& specialty, double progress) const {
  const RewardVector& w = phases_.weights(progress);
  double total = 0;
  double norm = 0;
  for (size_t k = 0; k < kRewardComponentCount; ++k) {
    if (!(specialty[k] >= 0) || !std::isfinite(specialty[k])) {
      throw std::invalid_argument("MultiObjectiveRewardCalculator: specialty weights must be finite and >= 0");
    }
    total += w[k] * specialty[k] * (refined[k] - base[k]);
    norm += w[k] * specialty[k];
  }
  if (norm <= 0) throw std::invalid_argument("MultiObjectiveRewardCalculator: the specialty weights are all zero");
  return total / norm;
}

}  // namespace hypera::agents
