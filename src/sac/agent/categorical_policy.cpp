#include "sac/agent/categorical_policy.h"

namespace hypera::sac {

CategoricalPolicy::CategoricalPolicy(int64_t state_dim, int64_t choices, const std::vector<int64_t>& hidden,
                                     const std::string& activation, at::Generator& generator)
    : network_(1, state_dim, hidden, choices, activation, generator) {}

CategoricalPolicy::Distribution CategoricalPolicy::distribution(const torch::Tensor& states) const {
  torch::Tensor log_probs = torch::log_softmax(network_.forward(states).select(0, 0), 1);
  return {log_probs.exp(), log_probs};
}

torch::Tensor CategoricalPolicy::sample(const torch::Tensor& states, at::Generator& generator) const {
  return distribution(states).probs.multinomial(1, false, generator).squeeze(1);
}

torch::Tensor CategoricalPolicy::greedy(const torch::Tensor& states) const {
  return network_.forward(states).select(0, 0).argmax(1);
}

}  // namespace hypera::sac
