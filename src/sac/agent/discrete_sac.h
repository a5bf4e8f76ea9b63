#pragma once
// SAC for discrete actions (Christodoulou 2019): CategoricalPolicy, twin critics state -> Q per action,
// target entropy 0.98 log(choices) by default. Every expectation over actions (soft values, actor loss,
// entropy) is computed exactly from the probabilities; nothing is sampled in the update. Actions are stored
// and returned as one value, the index. Not thread-safe.
#include "sac/agent/categorical_policy.h"
#include "sac/agent/sac_learner.h"

namespace hypera::sac {

class DiscreteSac : public SacLearner {
 public:
  DiscreteSac(const SacConfig& config, at::Generator generator);

  std::vector<float> act(const torch::Tensor& state, bool explore) override;
  const StackedMlp& actor_network() const override { return policy_.network(); }
  const CategoricalPolicy& policy() const { return policy_; }

 protected:
  torch::Tensor batch_q(const torch::Tensor& states, const torch::Tensor& actions) override;
  torch::Tensor target_soft_value(const torch::Tensor& next_states, const torch::Tensor& alpha) override;
  PolicyTerms policy_terms(const torch::Tensor& states, const torch::Tensor& alpha) override;

 private:
  CategoricalPolicy policy_;
};

}  // namespace hypera::sac
