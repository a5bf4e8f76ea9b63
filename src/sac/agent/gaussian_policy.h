#pragma once
// The continuous SAC actor: state -> mean and log standard deviation (clamped to [-20, 2]) of a diagonal
// Gaussian over pre-squash actions u; actions y = tanh(u) in (-1, 1)^A (rescale with ActionRescale).
// One StackedMlp (E = 1) whose last layer has 2A outputs: the first A are the mean, the last A the log-std.
// Cost: one MLP forward of B states plus O(B*A) elementwise work. Not thread-safe.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "sac/agent/stacked_mlp.h"

namespace hypera::sac {

class GaussianPolicy {
 public:
  GaussianPolicy(int64_t state_dim, int64_t action_dim, const std::vector<int64_t>& hidden,
                 const std::string& activation, at::Generator& generator);

  struct Gaussian {
    torch::Tensor mean;     // [B, A]
    torch::Tensor log_std;  // [B, A], clamped
  };
  Gaussian distribution(const torch::Tensor& states) const;  // states [B, S]

  struct Sample {
    torch::Tensor action;    // y = tanh(u), [B, A]
    torch::Tensor log_prob;  // log p_y(y), [B]
  };
  // Reparameterised: differentiable with respect to the parameters; noise drawn from `generator`.
  Sample sample(const torch::Tensor& states, at::Generator& generator) const;

  torch::Tensor deterministic(const torch::Tensor& states) const;  // tanh(mean), [B, A]

  StackedMlp& network() { return network_; }
  const StackedMlp& network() const { return network_; }

 private:
  int64_t action_dim_;
  StackedMlp network_;
};

}  // namespace hypera::sac
