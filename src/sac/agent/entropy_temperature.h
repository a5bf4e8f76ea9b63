#pragma once
// The entropy temperature alpha of SAC. Automatic tuning (Haarnoja et al. 2018b): a learnable log alpha that
// minimises J = -log_alpha * (E[log pi] + target_entropy), with its own Adam; alpha grows while the policy's
// entropy is below the target and shrinks while it is above. Fixed: alpha stays at its initial value.
// The gradient dJ/dlog_alpha = -(E[log pi] + target) is written directly (no autograd graph).
// Cost: a handful of scalar tensor operations per step. Not thread-safe.
#include <torch/torch.h>

#include "sac/agent/flat_adam.h"

namespace hypera::sac {

class EntropyTemperature {
 public:
  EntropyTemperature(double initial_alpha, double target_entropy, bool learnable, double learning_rate);

  // The current alpha as a [1] tensor (not part of any graph); updated in place by step().
  const torch::Tensor& alpha() const { return alpha_; }
  double target_entropy() const { return target_entropy_; }

  // mean_log_prob: a scalar tensor, E[log pi(a | s)] over the batch (detached). No-op when fixed.
  void step(const torch::Tensor& mean_log_prob);

  void save(torch::serialize::OutputArchive& archive) const;
  void load(torch::serialize::InputArchive& archive);

 private:
  double target_entropy_;
  bool learnable_;
  torch::Tensor log_alpha_;  // [1]
  torch::Tensor gradient_;   // [1]
  torch::Tensor alpha_;      // [1] = exp(log_alpha_)
  FlatAdam optimizer_;
};

}  // namespace hypera::sac
