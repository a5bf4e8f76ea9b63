#pragma once
// LearningRateAgent: a correction of the learning-rate schedule, every `every` batches (BatchBegin).
//   State: shared features (training progress among them) + lr_scale (log position in its bounds).
//   Action: a in [-1, 1]; sets lr_scale = 2^a, so the trainer's lr is the schedule's value times a factor in
//   [0.5, 2] (a = 0: the schedule itself). The correction is absolute, not a step from the current value, so
//   exploration cannot random-walk lr by orders of magnitude and the schedule's decay is kept.
//   Short horizons favour learning rates that are far too small (the loss is smoothest there). Guards: the
//   reward's speed term is the fall of the loss over the interval, not its level, so a stalled lr earns
//   nothing; validation improvement arrives through n-step returns and an end-of-run term.
#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class LearningRateAgent final : public HyperparameterAgent {
 public:
  explicit LearningRateAgent(int64_t every) : every_(every) {}
  std::string name() const override { return "learning_rate"; }
  AgentCadence cadence() const override { return {core::Hook::BatchBegin, every_}; }
  std::vector<std::string> observed_hyperparameters() const override { return {tunable::kLrScale}; }
  ActionSpace action_space() const override { return {{-1.f}, {1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& action, const core::HyperparameterRegistry& r,
                                              double) const override {
    return {{tunable::kLrScale, scaled(configured(r, tunable::kLrScale), action[0], 1.0)}};
  }
  int priority() const override { return 5; }

 private:
  int64_t every_;
};

}  // namespace hypera::agents
