#include "agents/hyperparameter/interval_reward.h"

#include <cmath>

namespace hypera::agents {

SignalSnapshot snapshot_of(const TrainingSignals& signals) {
  return {signals.loss(), signals.loss_volatility(), signals.validation(), signals.generalization_gap(),
          signals.validations(), signals.rollbacks()};
}

IntervalReward interval_reward(const SignalSnapshot& at_decision, const SignalSnapshot& now) {
  IntervalReward reward;
  if (now.validations > at_decision.validations && at_decision.validations > 0) {
    reward.improvement = 10 * (now.validation - at_decision.validation);
  }
  reward.stability = -double(now.rollbacks - at_decision.rollbacks) -
                     std::max(0.0, now.loss_volatility - at_decision.loss_volatility);
  if (at_decision.loss > 0 && now.loss > 0) reward.speed = std::log(at_decision.loss / now.loss);
  return reward;
}

double end_of_run_reward(const TrainingSignals& signals) {
  return signals.validations() > 0 ? 10 * (signals.best_validation() - signals.first_validation()) : 0.0;
}

}  // namespace hypera::agents
