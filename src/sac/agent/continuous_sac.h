#pragma once
// SAC for continuous actions: GaussianPolicy with tanh squashing, twin critics over (state, action in (-1, 1)),
// target entropy -|A| by default. Stored actions are in the declared bounds and mapped to (-1, 1) for the
// critics; acting returns actions in the bounds. The soft values use one reparameterised policy sample per
// state. Not thread-safe.
#include "sac/agent/gaussian_policy.h"
#include "sac/agent/sac_learner.h"
#include "sac/agent/squashed_gaussian.h"

namespace hypera::sac {

class ContinuousSac : public SacLearner {
 public:
  ContinuousSac(const SacConfig& config, at::Generator generator);

  std::vector<float> act(const torch::Tensor& state, bool explore) override;
  const StackedMlp& actor_network() const override { return policy_.network(); }
  const GaussianPolicy& policy() const { return policy_; }
  const ActionRescale& rescale() const { return rescale_; }

 protected:
  torch::Tensor batch_q(const torch::Tensor& states, const torch::Tensor& actions) override;
  torch::Tensor target_soft_value(const torch::Tensor& next_states, const torch::Tensor& alpha) override;
  PolicyTerms policy_terms(const torch::Tensor& states, const torch::Tensor& alpha) override;

 private:
  GaussianPolicy policy_;
  ActionRescale rescale_;
};

}  // namespace hypera::sac
