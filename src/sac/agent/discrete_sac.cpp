#include "sac/agent/discrete_sac.h"

#include <cmath>

namespace hypera::sac {
namespace {

// E_a[q(a) - alpha log pi(a)] under the distribution, per state: [B, n] -> [B].
torch::Tensor expected_soft_value(const CategoricalPolicy::Distribution& pi, const torch::Tensor& q,
                                  const torch::Tensor& alpha) {
  return (pi.probs * (q - alpha * pi.log_probs)).sum(1);
}

}  // namespace

DiscreteSac::DiscreteSac(const SacConfig& config, at::Generator generator)
    : SacLearner(config, 0, config.discrete_actions, 0.98 * std::log(static_cast<double>(config.discrete_actions)),
                 std::move(generator)),
      policy_(config.state_dim, config.discrete_actions, config.hidden, config.activation, generator_) {
  attach_actor(policy_.network());
}

std::vector<float> DiscreteSac::act(const torch::Tensor& state, bool explore) {
  torch::NoGradGuard no_grad;
  torch::Tensor index = explore ? policy_.sample(state, generator_) : policy_.greedy(state);
  return {static_cast<float>(index.item<int64_t>())};
}

torch::Tensor DiscreteSac::batch_q(const torch::Tensor& states, const torch::Tensor& actions) {
  torch::Tensor q = critics_.q_all(states);  // [2, B, n]
  torch::Tensor index = actions.to(torch::kLong).view({1, -1, 1}).expand({2, q.size(1), 1});
  return q.gather(2, index).squeeze(2);
}

torch::Tensor DiscreteSac::target_soft_value(const torch::Tensor& next_states, const torch::Tensor& alpha) {
  return expected_soft_value(policy_.distribution(next_states),
                             TwinQNetwork::twin_min(critics_.target_q_all(next_states)), alpha);
}

SacLearner::PolicyTerms DiscreteSac::policy_terms(const torch::Tensor& states, const torch::Tensor& alpha) {
  CategoricalPolicy::Distribution pi = policy_.distribution(states);
  torch::Tensor min_q;
  {
    torch::NoGradGuard no_grad;
    min_q = TwinQNetwork::twin_min(critics_.q_all(states));
  }
  torch::Tensor mean_log_prob = (pi.probs * pi.log_probs).sum(1).mean().detach();
  return {expected_soft_value(pi, min_q, alpha), mean_log_prob};
}

}  // namespace hypera::sac
