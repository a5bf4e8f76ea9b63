#pragma once
// LossFunctionAgent: the weights of the Dice, cross-entropy, focal and boundary terms, every `every`
// batches (Loss hook).
//   State: shared features (they include each term's running value) + the four weights (linear positions).
//   Action: a in [-1, 1]^4. Dice and CE weights are multiplicative (w * 2^(a/2)); focal and boundary start
//   at 0 by default, so they are additive (w + a/4). Bounds [0, 10] (registry).
//   Specific reward: -|log(sum of weights / 2)|, so the agent shifts emphasis between terms instead of
//   scaling the whole loss (which would act as a second learning rate).
#include <cmath>

#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class LossFunctionAgent final : public HyperparameterAgent {
 public:
  explicit LossFunctionAgent(int64_t every) : every_(every) {}
  std::string name() const override { return "loss_function"; }
  AgentCadence cadence() const override { return {core::Hook::Loss, every_}; }
  std::vector<std::string> observed_hyperparameters() const override {
    return {"loss.dice", "loss.ce", "loss.focal", "loss.boundary"};
  }
  ActionSpace action_space() const override { return {{-1.f, -1.f, -1.f, -1.f}, {1.f, 1.f, 1.f, 1.f}, 0}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& a, const core::HyperparameterRegistry& r,
                                              double) const override {
    return {{"loss.dice", scaled(r.get("loss.dice"), a[0], 0.5)},
            {"loss.ce", scaled(r.get("loss.ce"), a[1], 0.5)},
            {"loss.focal", r.get("loss.focal") + 0.25 * a[2]},
            {"loss.boundary", r.get("loss.boundary") + 0.25 * a[3]}};
  }
  double specific_reward(const IntervalOutcome& outcome) const override {
    const auto& r = *outcome.registry;
    const double sum = r.get("loss.dice") + r.get("loss.ce") + r.get("loss.focal") + r.get("loss.boundary");
    return -std::abs(std::log(std::max(sum, 1e-3) / 2.0));
  }
  int priority() const override { return 1; }

 private:
  int64_t every_;
};

}  // namespace hypera::agents
