#include "sac/agent/twin_q_network.h"

namespace hypera::sac {

TwinQNetwork::TwinQNetwork(int64_t state_dim, int64_t action_inputs, int64_t outputs,
                           const std::vector<int64_t>& hidden, const std::string& activation,
                           at::Generator& generator)
    : TargetedMlp(2, state_dim + action_inputs, hidden, outputs, activation, generator) {}

torch::Tensor TwinQNetwork::q(const torch::Tensor& states, const torch::Tensor& unit_actions) const {
  return online().forward(torch::cat({states, unit_actions}, 1)).squeeze(2);
}

torch::Tensor TwinQNetwork::q_all(const torch::Tensor& states) const { return online().forward(states); }

torch::Tensor TwinQNetwork::target_q(const torch::Tensor& states, const torch::Tensor& unit_actions) const {
  return target().forward(torch::cat({states, unit_actions}, 1)).squeeze(2);
}

torch::Tensor TwinQNetwork::target_q_all(const torch::Tensor& states) const { return target().forward(states); }

torch::Tensor TwinQNetwork::twin_min(const torch::Tensor& twin) { return torch::min(twin[0], twin[1]); }

}  // namespace hypera::sac
