#pragma once
// AugmentationAgent: which augmentations and how strong, once per epoch (EpochBegin), as corrections of the
// configured values.
//   State: shared features (training progress among them, so a curriculum can be learned) + flip, rotation
//   and elastic probabilities and the intensity strength.
//   Action: a in [-1, 1]^4: probabilities p0 + 0.25 a, intensity i0 + 0.1 a, within the registry's bounds.
//   a = 0 keeps the configured values.
#include <algorithm>

#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class AugmentationAgent final : public HyperparameterAgent {
 public:
  std::string name() const override { return "augmentation"; }
  AgentCadence cadence() const override { return {core::Hook::EpochBegin, 1}; }
  std::vector<std::string> observed_hyperparameters() const override {
    return {tunable::kFlipP, tunable::kRotateP, tunable::kElasticP, tunable::kIntensity};
  }
  ActionSpace action_space() const override { return {{-1.f, -1.f, -1.f, -1.f}, {1.f, 1.f, 1.f, 1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& a, const core::HyperparameterRegistry& r,
                                              double) const override {
    const auto step = [&](const std::string& name, double change) {
      const auto& spec = r.spec(name);
      return HyperparameterProposal{name, std::min(spec.upper, std::max(spec.lower, spec.initial + change))};
    };
    return {step(tunable::kFlipP, 0.25 * a[0]), step(tunable::kRotateP, 0.25 * a[1]),
            step(tunable::kElasticP, 0.25 * a[2]), step(tunable::kIntensity, 0.1 * a[3])};
  }
  int priority() const override { return 0; }
};

}  // namespace hypera::agents
