#pragma once
// Adam (Kingma & Ba 2015, with PyTorch's formulation: bias-corrected moments, eps added to the corrected
// square root; betas 0.9 / 0.999, eps 1e-8, no weight decay) over ONE flat parameter buffer and its gradient
// buffer, optionally preceded by clipping the gradient to a maximum global L2 norm.
// The buffers are contiguous float32 on the CPU (the agents' networks live there). Cost per step: one pass over
// the buffers (two with clipping: the norm first), vectorised for the CPU it runs on; no allocation. The
// gradient buffer is only read (the clipped gradient is not written back). Not thread-safe.
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace hypera::sac {

class FlatAdam {
 public:
  // values, grads: contiguous float32 CPU tensors of equal size that the optimizer updates / reads in place
  // (std::invalid_argument otherwise). max_grad_norm: 0 = no clipping.
  FlatAdam(torch::Tensor values, torch::Tensor grads, double learning_rate, double max_grad_norm);

  void step();
  int64_t steps() const { return steps_; }

  // Moments and step count under `prefix` (e.g. "critic_adam/").
  void save(torch::serialize::OutputArchive& archive, const std::string& prefix) const;
  // Throws std::runtime_error when the stored moments do not have this optimizer's size.
  void load(torch::serialize::InputArchive& archive, const std::string& prefix);

 private:
  torch::Tensor values_;
  torch::Tensor grads_;
  torch::Tensor first_moment_;
  torch::Tensor second_moment_;
  double learning_rate_;
  double max_grad_norm_;
  int64_t steps_ = 0;
};

}  // namespace hypera::sac
