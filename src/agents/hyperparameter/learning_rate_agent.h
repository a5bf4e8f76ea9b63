#pragma once
// LearningRateAgent: the learning rate, every `every` batches (BatchBegin).
//   State: shared features + lr (log position in its bounds).
//   Action: a in [-1, 1]; proposes lr * 2^(a/2) (at most a factor of 1.41 per decision, so that the broad
//   exploration of early training cannot random-walk lr by orders of magnitude); the registry clamps lr
//   into [1e-7, 1].
//   Short horizons favour learning rates that are far too small (the loss is smoothest there). Guards: the
//   reward's speed term is the fall of the loss over the interval, not its level, so a stalled lr earns
//   nothing; validation improvement arrives through n-step returns and an end-of-run term; and the
//   coordinator's reward also weighs the other agents' intervals that follow (gamma), not one batch.
#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class LearningRateAgent final : public HyperparameterAgent {
 public:
  explicit LearningRateAgent(int64_t every) : every_(every) {}
  std::string name() const override { return "learning_rate"; }
  AgentCadence cadence() const override { return {core::Hook::BatchBegin, every_}; }
  std::vector<std::string> observed_hyperparameters() const override { return {"lr"}; }
  ActionSpace action_space() const override { return {{-1.f}, {1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& action, const core::HyperparameterRegistry& r,
                                              double) const override {
    return {{"lr", scaled(r.get("lr"), action[0], 0.5)}};
  }
  int priority() const override { return 5; }

 private:
  int64_t every_;
};

}  // namespace hypera::agents
