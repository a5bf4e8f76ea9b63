#pragma once
// LossFunctionAgent: the weights of the Dice, cross-entropy, focal and boundary terms, every `every`
// batches (Loss hook), as corrections of the configured weights w0.
//   State: shared features (they include each term's running value) + the four weights (linear positions).
//   Action: a in [-1, 1]^4. Dice and CE: w0 * 2^(a/2) (a factor in [0.71, 1.41]); focal and boundary, which
//   are 0 by default: max(0, w0 + a/2). a = 0 keeps the configured weights. Bounds [0, 10] (registry).
//   Specific reward: -|log(sum of weights / configured sum)|, so the agent shifts emphasis between terms
//   instead of scaling the whole loss (which would act as a second learning rate).
#include <algorithm>
#include <cmath>

#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class LossFunctionAgent final : public HyperparameterAgent {
 public:
  explicit LossFunctionAgent(int64_t every) : every_(every) {}
  std::string name() const override { return "loss_function"; }
  AgentCadence cadence() const override { return {core::Hook::Loss, every_}; }
  std::vector<std::string> observed_hyperparameters() const override {
    return {tunable::kLossDice, tunable::kLossCe, tunable::kLossFocal, tunable::kLossBoundary};
  }
  ActionSpace action_space() const override { return {{-1.f, -1.f, -1.f, -1.f}, {1.f, 1.f, 1.f, 1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& a, const core::HyperparameterRegistry& r,
                                              double) const override {
    const auto added = [&](const std::string& name, float change) {
      return std::max(0.0, configured(r, name) + 0.5 * change);
    };
    return {{tunable::kLossDice, scaled(configured(r, tunable::kLossDice), a[0], 0.5)},
            {tunable::kLossCe, scaled(configured(r, tunable::kLossCe), a[1], 0.5)},
            {tunable::kLossFocal, added(tunable::kLossFocal, a[2])},
            {tunable::kLossBoundary, added(tunable::kLossBoundary, a[3])}};
  }
  double specific_reward(const IntervalOutcome& outcome) const override {
    const auto& r = *outcome.registry;
    double sum = 0, base = 0;
    for (const auto& name : observed_hyperparameters()) {
      sum += r.get(name);
      base += configured(r, name);
    }
    return -std::abs(std::log(std::max(sum, 1e-3) / std::max(base, 1e-3)));
  }
  int priority() const override { return 1; }

 private:
  int64_t every_;
};

}  // namespace hypera::agents
