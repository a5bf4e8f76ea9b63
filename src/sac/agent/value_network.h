#pragma once
// The state-value network V(s) of the original SAC (Haarnoja et al. 2018a) and its Polyak-averaged target:
// the critics bootstrap from target V(s') instead of the target critics, and V regresses onto the soft value
// E_a[min Q(s, a) - alpha log pi(a | s)]. Cost: one MLP forward per call. Not thread-safe.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "sac/agent/targeted_mlp.h"

namespace hypera::sac {

class ValueNetwork : public TargetedMlp {
 public:
  ValueNetwork(int64_t state_dim, const std::vector<int64_t>& hidden, const std::string& activation,
               at::Generator& generator);

  torch::Tensor v(const torch::Tensor& states) const;         // [B, S] -> [B]
  torch::Tensor target_v(const torch::Tensor& states) const;  // [B, S] -> [B]
};

}  // namespace hypera::sac
