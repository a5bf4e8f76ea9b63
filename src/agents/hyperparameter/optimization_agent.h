#pragma once
// OptimizationAgent: the optimizer's averaging horizons, once per epoch (EpochBegin), as corrections of the
// configured values.
//   SGD: momentum m = 1 - (1 - m0) * 2^a (a in [-1, 1]): the gradient-averaging horizon 1 / (1 - m) is
//   halved or doubled at most. The learning rate is left to the learning-rate agent (lr_scale).
//   Adam/AdamW: beta1 and beta2 through (1 - beta0) * 2^a, a in [-1, 1]^2.
//   a = 0 keeps the configured values. State: shared features + momentum, beta1, beta2 (linear positions).
//   Bounds from the registry.
#include <algorithm>

#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class OptimizationAgent final : public HyperparameterAgent {
 public:
  explicit OptimizationAgent(bool sgd) : sgd_(sgd) {}
  std::string name() const override { return "optimization"; }
  AgentCadence cadence() const override { return {core::Hook::EpochBegin, 1}; }
  std::vector<std::string> observed_hyperparameters() const override {
    return {tunable::kMomentum, tunable::kBeta1, tunable::kBeta2};
  }
  ActionSpace action_space() const override {
    if (sgd_) return {{-1.f}, {1.f}, 0};
    return {{-1.f, -1.f}, {1.f, 1.f}, 0};
  }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& a, const core::HyperparameterRegistry& r,
                                              double) const override {
    const auto horizon = [&](const std::string& name, float change) {
      const auto& spec = r.spec(name);
      // change 0 returns the configured value itself: 1 - (1 - m0) need not round back to m0.
      const double next = change == 0 ? spec.initial : 1.0 - scaled(1.0 - spec.initial, change, 1.0);
      return HyperparameterProposal{name, std::min(spec.upper, std::max(spec.lower, next))};
    };
    if (!sgd_) return {horizon(tunable::kBeta1, a[0]), horizon(tunable::kBeta2, a[1])};
    return {horizon(tunable::kMomentum, a[0])};
  }
  int priority() const override { return 4; }

 private:
  bool sgd_;
};

}  // namespace hypera::agents
