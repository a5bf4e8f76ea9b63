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
// Autograd sees the whole network as ONE node whose backward is written out (matrix products into the layers'
// slices of one flat gradient, activation derivatives in place): no per-layer graph nodes, no temporaries for
// the activation functions or per-layer gradient accumulation. The gradients are those of the plain per-layer
// graph (tests/sac/agent/networks_test.cpp compares them).
// Cost: O(E * B * sum of in*out) per forward; forward allocates only its activations (kept until backward
// when gradients are tracked). Not thread-safe; CPU float32.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
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
  // Differentiable with respect to x and (while they require gradients) the parameters. The graph refers to
  // this network: it must outlive the graph, and its parameters must not change between forward and backward.
  torch::Tensor forward(const torch::Tensor& x) const;

  // All parameters, flat ([numel]); its gradients, flat (undefined for a frozen copy). Writing into values()
  // changes the network; backward accumulates into grads().
  const torch::Tensor& values() const { return values_; }
  const torch::Tensor& grads() const { return grads_; }
  void zero_grad();

  // Whether backward computes gradients of these parameters (e.g. off while the actor's loss flows through
  // the critics). A flag only: no tensor work. No-op for a frozen copy.
  void set_requires_grad(bool on);

  // this <- tau * source + (1 - tau) * this, elementwise over the flat buffer (one operation).
  void polyak_from(const StackedMlp& source, double tau);

  int64_t members() const { return members_; }

 private:
  friend class StackedMlpFunction;  // the autograd node of forward()

  struct LayerViews {
    std::vector<torch::Tensor> weights;  // [E, in, out]
    std::vector<torch::Tensor> biases;   // [E, 1, out]
  };
  StackedMlp(const StackedMlp& shape_source, bool trainable);
  // Per-layer views of a flat tensor laid out as values_ (weights, then biases, layer by layer).
  LayerViews views_of(const torch::Tensor& flat) const;
  void make_trainable();

  // The input as [E, B, inputs], then every layer's output (hidden layers after their activation). Without
  // gradient tracking (the caller's grad mode is ignored: activations are applied in place).
  std::vector<torch::Tensor> activations(const torch::Tensor& x) const;
  // Backpropagates output_grad ([E, B, outputs]) through the layers of `activations` (as returned above).
  // Returns the gradient with respect to the [E, B, inputs] input (undefined unless input_grad) and the flat
  // parameter gradient (undefined unless parameter_grad).
  std::pair<torch::Tensor, torch::Tensor> backward(const std::vector<torch::Tensor>& activations,
                                                   const torch::Tensor& output_grad, bool input_grad,
                                                   bool parameter_grad) const;

  enum class Activation { Relu, Tanh, Elu };
  int64_t members_;
  std::vector<int64_t> widths_;  // inputs, hidden..., outputs
  Activation activation_;
  torch::Tensor values_;
  torch::Tensor grads_;
  torch::Tensor parameters_;  // values_'s storage as an autograd leaf whose .grad is grads_; undefined if frozen
  LayerViews layers_;         // views of values_
};

}  // namespace hypera::sac
