#pragma once
// RegularizationAgent: weight decay and dropout, after every validation (ValidationEnd), from the gap
// between training and validation, as corrections of the configured values wd0 and d0.
//   State: shared features (generalization_gap among them) + weight decay (log position) and dropout.
//   Action: a in [-1, 1]^2: weight decay wd0 * 2^a0 (when wd0 = 0: 1e-4 * max(0, a0)); dropout d0 + 0.1 a1.
//   a = 0 keeps the configured values. Bounds: wd [0, 0.1], dropout [0, 0.5] (registry).
//   Specific reward: the shrinking of the generalization gap over the interval.
#include <algorithm>

#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class RegularizationAgent final : public HyperparameterAgent {
 public:
  std::string name() const override { return "regularization"; }
  AgentCadence cadence() const override { return {core::Hook::ValidationEnd, 1}; }
  std::vector<std::string> observed_hyperparameters() const override {
    return {tunable::kWeightDecay, tunable::kDropout};
  }
  ActionSpace action_space() const override { return {{-1.f, -1.f}, {1.f, 1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& a, const core::HyperparameterRegistry& r,
                                              double) const override {
    const double decay = configured(r, tunable::kWeightDecay);
    return {{tunable::kWeightDecay, decay > 0 ? scaled(decay, a[0], 1.0) : 1e-4 * std::max(0.0f, a[0])},
            {tunable::kDropout, configured(r, tunable::kDropout) + 0.1 * a[1]}};
  }
  double specific_reward(const IntervalOutcome& outcome) const override {
    return outcome.gap_before - outcome.gap_after;
  }
  int priority() const override { return 2; }
};

}  // namespace hypera::agents
