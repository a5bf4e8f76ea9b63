#pragma once
// Twin soft Q-functions (two independent critics, Fujimoto et al. 2018 / SAC 2018b) with their target copies.
// Continuous: (state, action in (-1, 1)^A) -> one Q value per critic. Discrete: state -> one Q value per
// action per critic. Both critics are one StackedMlp with E = 2 (independently initialised members).
// Targets start as exact copies and follow by Polyak averaging. Cost: one E=2 MLP forward per call.
// Not thread-safe.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "sac/agent/targeted_mlp.h"

namespace hypera::sac {

class TwinQNetwork : public TargetedMlp {
 public:
  // action_inputs: |A| for continuous critics, 0 for discrete ones; outputs: 1 continuous, choices discrete.
  TwinQNetwork(int64_t state_dim, int64_t action_inputs, int64_t outputs, const std::vector<int64_t>& hidden,
               const std::string& activation, at::Generator& generator);

  // Continuous: states [B, S], unit actions [B, A] -> [2, B]. Discrete: states [B, S] -> [2, B, choices].
  torch::Tensor q(const torch::Tensor& states, const torch::Tensor& unit_actions) const;
  torch::Tensor q_all(const torch::Tensor& states) const;
  torch::Tensor target_q(const torch::Tensor& states, const torch::Tensor& unit_actions) const;
  torch::Tensor target_q_all(const torch::Tensor& states) const;

  // Elementwise minimum of the two critics: [2, ...] -> [...].
  static torch::Tensor twin_min(const torch::Tensor& twin);
};

}  // namespace hypera::sac
