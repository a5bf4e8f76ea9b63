#pragma once
// The reward of one hyperparameter decision, measured over its interval: from the decision to the same
// agent's next decision (or the end of training). Components (issue 5), before per-agent z-scoring:
//   improvement  10 x (validation value at the end - at the decision): only intervals that contain a
//                validation see it; n-step returns carry it back to earlier decisions
//   stability    -(roll-backs in the interval) - the rise of the loss volatility over the interval
//   speed        log(loss at the decision / loss at the end): how much the training loss fell
//   specific     the agent's own term (HyperparameterAgent::specific_reward)
//   end_of_run   at the end of training only: 10 x (best validation - first validation)
// total = sum of weight x component. Pure functions; thread-safe.
#include "agents/hyperparameter/training_signals.h"

namespace hypera::agents {

struct SignalSnapshot {
  double loss = 0, loss_volatility = 0, validation = 0, gap = 0;
  int64_t validations = 0, rollbacks = 0;
};
SignalSnapshot snapshot_of(const TrainingSignals& signals);

struct RewardWeights {
  double improvement = 1, stability = 1, speed = 1, specific = 1, end_of_run = 1;
};

struct IntervalReward {
  double improvement = 0, stability = 0, speed = 0, specific = 0, end_of_run = 0;
  double total(const RewardWeights& w) const {
    return w.improvement * improvement + w.stability * stability + w.speed * speed + w.specific * specific +
           w.end_of_run * end_of_run;
  }
};

// Every component except `specific` and `end_of_run`, which the caller fills.
IntervalReward interval_reward(const SignalSnapshot& at_decision, const SignalSnapshot& now);

double end_of_run_reward(const TrainingSignals& signals);

}  // namespace hypera::agents
