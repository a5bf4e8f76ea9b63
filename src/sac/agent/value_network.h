#pragma once
// The state-value network V(s) of the original SAC (Haarnoja et al. 2018a) and its Polyak-averaged target:
// the critics bootstrap from target V(s') instead of the target critics, and V regresses onto the soft value
// E_a[min Q(s, a) - alpha log pi(a | s)]. Cost: one MLP forward per call. Not thread-safe.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "sac/agent/stacked_mlp.h"

namespace hypera::sac {

class ValueNetwork {
 public:
  ValueNetwork(int64_t state_dim, const std::vector<int64_t>& hidden, const std::string& activation,
               at::Generator& generator);

  torch::Tensor v(const torch::Tensor& states) const;         // [B, S] -> [B]
  torch::Tensor target_v(const torch::Tensor& states) const;  // [B, S] -> [B]
  void update_target(double tau) { target_.polyak_from(online_, tau); }

  StackedMlp& online() { return online_; }
  const StackedMlp& online() const { return online_; }
  StackedMlp& target() { return target_; }
  const StackedMlp& target() const { return target_; }

 private:
  StackedMlp online_;
  StackedMlp target_;
};

}  // namespace hypera::sac
