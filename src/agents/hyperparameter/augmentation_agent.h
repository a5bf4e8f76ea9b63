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
    return {"aug.flip_p", "aug.rotate_p", "aug.elastic_p", "aug.intensity"};
  }
  ActionSpace action_space() const override { return {{-1.f, -1.f, -1.f, -1.f}, {1.f, 1.f, 1.f, 1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& a, const core::HyperparameterRegistry& r,
                                              double) const override {
    const auto step = [&](const std::string& name, double change) {
      const auto& spec = r.spec(name);
      return HyperparameterProposal{name, std::min(spec.upper, std::max(spec.lower, spec.initial + change))};
    };
    return {step("aug.flip_p", 0.25 * a[0]), step("aug.rotate_p", 0.25 * a[1]), step("aug.elastic_p", 0.25 * a[2]),
            step("aug.intensity", 0.1 * a[3])};
  }
  int priority() const override { return 0; }
};

}  // namespace hypera::agents
