#include "agents/rewards/reward_statistics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hypera::agents {

RewardStatistics::RewardStatistics(double clip) : clip_(clip) {
  if (!(clip > 0) || !std::isfinite(clip)) throw std::invalid_argument("RewardStatistics: clip must be > 0");
}

void RewardStatistics::add(double reward) {
  if (!std::isfinite(reward)) throw std::invalid_argument("RewardStatistics: non-finite reward");
  ++count_;
  const double delta = reward - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (reward - mean_);
}

double RewardStatistics::standard_deviation() const {
  return count_ < 2 ? 0.0 : std::sqrt(m2_ / static_cast<double>(count_));
}

double RewardStatistics::normalize(double reward) const {
  double z = reward;
  if (count_ >= 2) {
    const double sd = standard_deviation();
    z = sd < 1e-8 ? reward - mean_ : (reward - mean_) / sd;
  }
  return std::clamp(z, -clip_, clip_);
}

void RewardStatistics::restore(const std::vector<double>& values) {
  if (values.size() != 3 || values[0] < 0) throw std::invalid_argument("RewardStatistics: damaged saved values");
  count_ = static_cast<int64_t>(values[0]);
  mean_ = values[1];
  m2_ = values[2];
}

}  // namespace hypera::agents
