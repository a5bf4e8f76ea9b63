#include "sac/agent/value_network.h"

namespace hypera::sac {

ValueNetwork::ValueNetwork(int64_t state_dim, const std::vector<int64_t>& hidden, const std::string& activation,
                           at::Generator& generator)
    : TargetedMlp(1, state_dim, hidden, 1, activation, generator) {}

torch::Tensor ValueNetwork::v(const torch::Tensor& states) const { return online().forward(states).view({-1}); }

torch::Tensor ValueNetwork::target_v(const torch::Tensor& states) const {
  return target().forward(states).view({-1});
}

}  // namespace hypera::sac
