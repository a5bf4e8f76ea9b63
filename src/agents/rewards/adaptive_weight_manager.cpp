#include "agents/rewards/adaptive_weight_manager.h"

#include <algorithm>
#include <stdexcept>

namespace hypera::agents {
namespace {

//                                    dice  hd95  p/r   compact  foreground  object_f1
constexpr RewardVector kEarly{0.30, 0.10, 0.10, 0.05, 0.25, 0.20};
constexpr RewardVector kMiddle{0.20, 0.15, 0.10, 0.05, 0.15, 0.35};
constexpr RewardVector kLate{0.15, 0.20, 0.05, 0.10, 0.05, 0.45};

}  // namespace

AdaptiveWeightManager::AdaptiveWeightManager(double early_end, double late_start)
    : early_end_(early_end), late_start_(late_start) {
  if (!(0 <= early_end && early_end <= late_start && late_start <= 1)) {
    throw std::invalid_argument("AdaptiveWeightManager: need 0 <= early_end <= late_start <= 1");
  }
}

TrainingPhase AdaptiveWeightManager::phase(double progress) const {
  const double p = std::clamp(progress, 0.0, 1.0);
  if (p < early_end_) return TrainingPhase::Early;
  if (p < late_start_) return TrainingPhase::Middle;
  return TrainingPhase::Late;
}

const RewardVector& AdaptiveWeightManager::weights(double progress) const {
  switch (phase(progress)) {
    case TrainingPhase::Early: return kEarly;
    case TrainingPhase::Middle: return kMiddle;
    case TrainingPhase::Late: return kLate;
  }
  return kMiddle;
}

}  // namespace hypera::agents
