#include "agents/hyperparameter/exploration_phase.h"

#include <algorithm>

namespace hypera::agents {

double exploration_scale(double progress) {
  if (progress < 0.3) return 1.0;
  if (progress >= 0.8) return 0.0;
  return 1.0 - (progress - 0.3) / 0.5;
}

std::vector<float> explored_action(const std::vector<float>& sample, const std::vector<float>& deterministic,
                                   double scale, bool discrete, std::mt19937_64& random) {
  if (discrete) return std::uniform_real_distribution<double>(0, 1)(random) < scale ? sample : deterministic;
  std::vector<float> action(sample.size());
  for (size_t i = 0; i < sample.size(); ++i) {
    action[i] = static_cast<float>(deterministic[i] + scale * (sample[i] - deterministic[i]));
  }
  return action;
}

}  // namespace hypera::agents
