#pragma once
// OptimizationAgent: the optimizer's averaging horizons, once per epoch (EpochBegin).
//   SGD: momentum m through (1 - m) * 2^a (a in [-1, 1]); it also proposes lr * (1 - m') / (1 - m), which
//   keeps the effective step lr / (1 - m) unchanged, so this agent changes how far gradients are averaged,
//   not how large the steps are. That lr proposal can conflict with the batch-size agent's at EpochBegin.
//   Adam/AdamW: beta1 and beta2 through (1 - beta) * 2^a, a in [-1, 1]^2.
//   State: shared features + momentum, beta1, beta2 (linear positions). Bounds from the registry.
#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class OptimizationAgent final : public HyperparameterAgent {
 public:
  explicit OptimizationAgent(bool sgd) : sgd_(sgd) {}
  std::string name() const override { return "optimization"; }
  AgentCadence cadence() const override { return {core::Hook::EpochBegin, 1}; }
  std::vector<std::string> observed_hyperparameters() const override { return {"momentum", "beta1", "beta2"}; }
  ActionSpace action_space() const override {
    if (sgd_) return {{-1.f}, {1.f}, 0};
    return {{-1.f, -1.f}, {1.f, 1.f}, 0};
  }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& a, const core::HyperparameterRegistry& r,
                                              double) const override {
    const auto horizon = [&](const std::string& name, float change) {
      const auto& spec = r.spec(name);
      const double next = 1.0 - scaled(1.0 - r.get(name), change, 1.0);
      return std::min(spec.upper, std::max(spec.lower, next));
    };
    if (!sgd_) return {{"beta1", horizon("beta1", a[0])}, {"beta2", horizon("beta2", a[1])}};
    const double momentum = r.get("momentum"), next = horizon("momentum", a[0]);
    return {{"momentum", next}, {"lr", r.get("lr") * (1.0 - next) / (1.0 - momentum)}};
  }
  int priority() const override { return 4; }

 private:
  bool sgd_;
};

}  // namespace hypera::agents
