#pragma once
// AugmentationAgent: which augmentations and how strong, once per epoch (EpochBegin).
//   State: shared features + flip, rotation and elastic probabilities and the intensity strength.
//   Action: a in [-1, 1]^4, additive: probabilities + 0.1 a, intensity + 0.05 a.
//   Curriculum: each value is capped at its registry upper bound times min(1, 0.25 + progress), so
//   augmentation can only grow from mild to strong as training proceeds.
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
                                              double progress) const override {
    const double ceiling = std::min(1.0, 0.25 + progress);
    const auto step = [&](const std::string& name, double change) {
      const double capped = std::min(r.get(name) + change, r.spec(name).upper * ceiling);
      return HyperparameterProposal{name, std::max(r.spec(name).lower, capped)};
    };
    return {step("aug.flip_p", 0.1 * a[0]), step("aug.rotate_p", 0.1 * a[1]), step("aug.elastic_p", 0.1 * a[2]),
            step("aug.intensity", 0.05 * a[3])};
  }
  int priority() const override { return 0; }
};

}  // namespace hypera::agents
