#include "sac/agent/value_network.h"

namespace hypera::sac {

ValueNetwork::ValueNetwork(int64_t state_dim, const std::vector<int64_t>& hidden, const std::string& activation,
                           at::Generator& generator)
    : online_(1, state_dim, hidden, 1, activation, generator), target_(online_.frozen_copy()) {}

torch::Tensor ValueNetwork::v(const torch::Tensor& states) const { return online_.forward(states).view({-1}); }

torch::Tensor ValueNetwork::target_v(const torch::Tensor& states) const {
  return target_.forward(states).view({-1});
}

}  // namespace hypera::sac
