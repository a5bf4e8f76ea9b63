#include "sac/agent/stacked_mlp.h"

#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace hypera::sac {

// forward() as one autograd node: inputs x and the parameter leaf; the network is passed as an address (the
// context's saved data holds IValues only).
class StackedMlpFunction : public torch::autograd::Function<StackedMlpFunction> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& x,
                               const torch::Tensor& /*parameters: connects the leaf*/, const StackedMlp* network) {
    std::vector<torch::Tensor> activations = network->activations(x);
    torch::Tensor output = activations.back();
    activations.pop_back();
    context->saved_data["network"] = static_cast<int64_t>(reinterpret_cast<intptr_t>(network));
    context->saved_data["shared_input"] = x.dim() == 2;
    context->save_for_backward(activations);
    return output;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list output_grads) {
    const auto* network =
        reinterpret_cast<const StackedMlp*>(static_cast<intptr_t>(context->saved_data["network"].toInt()));
    auto [input_grad, parameter_grad] = network->backward(context->get_saved_variables(), output_grads[0],
                                                          context->needs_input_grad(0), context->needs_input_grad(1));
    if (input_grad.defined() && context->saved_data["shared_input"].toBool()) input_grad = input_grad.sum(0);
    return {input_grad, parameter_grad, torch::Tensor()};
  }
};

StackedMlp::StackedMlp(int64_t members, int64_t inputs, const std::vector<int64_t>& hidden, int64_t outputs,
                       const std::string& activation, at::Generator& generator)
    : members_(members) {
  if (activation == "relu") {
    activation_ = Activation::Relu;
  } else if (activation == "tanh") {
    activation_ = Activation::Tanh;
  } else if (activation == "elu") {
    activation_ = Activation::Elu;
  } else {
    throw std::invalid_argument("StackedMlp: activation " + activation + " is not relu, tanh or elu");
  }
  widths_.push_back(inputs);
  widths_.insert(widths_.end(), hidden.begin(), hidden.end());
  widths_.push_back(outputs);
  if (members <= 0) throw std::invalid_argument("StackedMlp: members must be positive");
  for (int64_t width : widths_) {
    if (width <= 0) throw std::invalid_argument("StackedMlp: layer widths must be positive");
  }
  int64_t total = 0;
  for (size_t layer = 0; layer + 1 < widths_.size(); ++layer) {
    total += members * (widths_[layer] + 1) * widths_[layer + 1];
  }
  values_ = torch::empty({total});
  layers_ = views_of(values_);
  make_trainable();
  torch::NoGradGuard no_grad;
  for (size_t layer = 0; layer < layers_.weights.size(); ++layer) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(widths_[layer]));
    layers_.weights[layer].uniform_(-bound, bound, generator);
    layers_.biases[layer].uniform_(-bound, bound, generator);
  }
}

StackedMlp::StackedMlp(const StackedMlp& shape_source, bool trainable)
    : members_(shape_source.members_), widths_(shape_source.widths_), activation_(shape_source.activation_) {
  values_ = shape_source.values_.clone();
  layers_ = views_of(values_);
  if (trainable) make_trainable();
}

StackedMlp StackedMlp::frozen_copy() const { return StackedMlp(*this, false); }

StackedMlp::LayerViews StackedMlp::views_of(const torch::Tensor& flat) const {
  LayerViews views;
  int64_t offset = 0;
  auto take = [&](std::vector<int64_t> shape) {
    int64_t count = 1;
    for (int64_t size : shape) count *= size;
    torch::Tensor view = flat.narrow(0, offset, count).view(shape);
    offset += count;
    return view;
  };
  for (size_t layer = 0; layer + 1 < widths_.size(); ++layer) {
    views.weights.push_back(take({members_, widths_[layer], widths_[layer + 1]}));
    views.biases.push_back(take({members_, 1, widths_[layer + 1]}));
  }
  return views;
}

void StackedMlp::make_trainable() {
  grads_ = torch::zeros_like(values_);
  parameters_ = values_.detach().requires_grad_(true);
  parameters_.mutable_grad() = grads_;
}

std::vector<torch::Tensor> StackedMlp::activations(const torch::Tensor& x) const {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> outputs{x.dim() == 2 ? x.unsqueeze(0).expand({members_, x.size(0), x.size(1)}) : x};
  for (size_t layer = 0; layer < layers_.weights.size(); ++layer) {
    torch::Tensor h = torch::baddbmm(layers_.biases[layer], outputs.back(), layers_.weights[layer]);
    if (layer + 1 < layers_.weights.size()) {
      switch (activation_) {
        case Activation::Relu: h.relu_(); break;
        case Activation::Tanh: h.tanh_(); break;
        case Activation::Elu: torch::elu_(h); break;
      }
    }
    outputs.push_back(std::move(h));
  }
  return outputs;
}

std::pair<torch::Tensor, torch::Tensor> StackedMlp::backward(const std::vector<torch::Tensor>& activations,
                                                             const torch::Tensor& output_grad, bool input_grad,
                                                             bool parameter_grad) const {
  torch::NoGradGuard no_grad;
  torch::Tensor flat_grad = parameter_grad ? torch::empty_like(values_) : torch::Tensor();
  LayerViews grads = parameter_grad ? views_of(flat_grad) : LayerViews{};
  torch::Tensor grad = output_grad;
  for (size_t layer = layers_.weights.size(); layer-- > 0;) {
    if (parameter_grad) {
      torch::bmm_out(grads.weights[layer], activations[layer].transpose(1, 2), grad);
      torch::sum_out(grads.biases[layer], grad, {1}, /*keepdim=*/true);
    }
    if (layer == 0 && !input_grad) break;
    grad = torch::bmm(grad, layers_.weights[layer].transpose(1, 2));
    if (layer == 0) break;
    const torch::Tensor& output = activations[layer];  // the activated output of the layer below
    switch (activation_) {
      case Activation::Relu: torch::threshold_backward_out(grad, grad, output, 0); break;
      case Activation::Tanh: torch::tanh_backward_out(grad, grad, output); break;
      case Activation::Elu: torch::elu_backward_out(grad, grad, 1.0, 1.0, 1.0, /*is_result=*/true, output); break;
    }
  }
  return {input_grad ? grad : torch::Tensor(), flat_grad};
}

torch::Tensor StackedMlp::forward(const torch::Tensor& x) const {
  const bool tracked = torch::GradMode::is_enabled() &&
                       (x.requires_grad() || (parameters_.defined() && parameters_.requires_grad()));
  if (!tracked) return activations(x).back();
  return StackedMlpFunction::apply(x, parameters_.defined() ? parameters_ : values_, this);
}

void StackedMlp::zero_grad() { grads_.zero_(); }

void StackedMlp::set_requires_grad(bool on) {
  if (parameters_.defined()) parameters_.requires_grad_(on);
}

void StackedMlp::polyak_from(const StackedMlp& source, double tau) {
  torch::NoGradGuard no_grad;
  values_.lerp_(source.values_, tau);
}

}  // namespace hypera::sac
