#pragma once
// The discrete SAC actor (Christodoulou 2019): state -> logits over `choices` actions. The update uses the
// whole distribution (expectations over actions computed exactly, no sampling); sampling is for acting only.
// Cost: one MLP forward of B states plus a log-softmax. Not thread-safe.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "sac/agent/stacked_mlp.h"

namespace hypera::sac {

class CategoricalPolicy {
 public:
  CategoricalPolicy(int64_t state_dim, int64_t choices, const std::vector<int64_t>& hidden,
                    const std::string& activation, at::Generator& generator);

  struct Distribution {
    torch::Tensor probs;      // [B, choices]
    torch::Tensor log_probs;  // [B, choices], log-softmax of the logits (finite)
  };
  Distribution distribution(const torch::Tensor& states) const;  // states [B, S]

  torch::Tensor sample(const torch::Tensor& states, at::Generator& generator) const;  // indices [B], int64
  torch::Tensor greedy(const torch::Tensor& states) const;                          // argmax [B], int64

  StackedMlp& network() { return network_; }
  const StackedMlp& network() const { return network_; }

 private:
  StackedMlp network_;
};

}  // namespace hypera::sac
