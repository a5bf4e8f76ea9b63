#pragma once
// E independent multilayer perceptrons of identical shape ("members"), evaluated together with one batched
// matrix product per layer, their parameters packed into ONE contiguous float32 buffer (and, when trainable,
// their gradients into a second one). The twin critics are one StackedMlp with E = 2: one baddbmm per layer
// instead of two addmm, and an optimizer step, a Polyak update or a checkpoint touches one tensor per
// network instead of one per layer.
//
// Initialisation: PyTorch's default for nn.Linear (weights and biases uniform in +-1/sqrt(fan_in)), drawn from
// the caller's generator, so that the same generator state gives the same parameters.
// Hidden layers use `activation` (relu | tanh | elu); the output layer is linear.
// Cost: O(E * B * sum of in*out) per forward; forward allocates only its activations.
// Not thread-safe; CPU float32.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hypera::sac {

class StackedMlp {
 public:
  // Throws std::invalid_argument for an unknown activation or non-positive sizes.
  StackedMlp(int64_t members, int64_t inputs, const std::vector<int64_t>& hidden, int64_t outputs,
             const std::string& activation, at::Generator& generator);

  StackedMlp(StackedMlp&&) = default;
  StackedMlp& operator=(StackedMlp&&) = default;
  StackedMlp(const StackedMlp&) = delete;  // views would alias: use frozen_copy()
  StackedMlp& operator=(const StackedMlp&) = delete;

  // A copy with its own storage whose parameters never require gradients (a target network).
  StackedMlp frozen_copy() const;

  // x: [B, inputs] (the same input for every member) or [E, B, inputs]. Returns [E, B, outputs].
  torch::Tensor forward(const torch::Tensor& x) const;

  // All parameters, flat ([numel]); its gradients, flat (undefined for a frozen copy). Writing into values()
  // changes the network; backward accumulates into grads().
  const torch::Tensor& values() const { return values_; }
  const torch::Tensor& grads() const { return grads_; }
  void zero_grad();

  // Whether backward computes gradients of these parameters (e.g. off while the actor's loss flows through
  // the critics). Flags only: no tensor work.
  void set_requires_grad(bool on);

  // this <- tau * source + (1 - tau) * this, elementwise over the flat buffer (one operation).
  void polyak_from(const StackedMlp& source, double tau);

  int64_t members() const { return members_; }

 private:
  StackedMlp(const StackedMlp& shape_source, bool trainable);
  void bind_views(bool trainable);

  enum class Activation { Relu, Tanh, Elu };
  int64_t members_;
  std::vector<int64_t> widths_;  // inputs, hidden..., outputs
  Activation activation_;
  torch::Tensor values_;
  torch::Tensor grads_;
  std::vector<torch::Tensor> weights_;  // [E, in, out] views of values_
  std::vector<torch::Tensor> biases_;   // [E, 1, out] views of values_
};

}  // namespace hypera::sac
