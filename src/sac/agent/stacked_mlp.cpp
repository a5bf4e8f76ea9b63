#include "sac/agent/stacked_mlp.h"

#include <cmath>
#include <stdexcept>

namespace hypera::sac {

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
  grads_ = torch::zeros({total});
  bind_views(true);
  torch::NoGradGuard no_grad;
  for (size_t layer = 0; layer < weights_.size(); ++layer) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(widths_[layer]));
    weights_[layer].uniform_(-bound, bound, generator);
    biases_[layer].uniform_(-bound, bound, generator);
  }
}

StackedMlp::StackedMlp(const StackedMlp& shape_source, bool trainable)
    : members_(shape_source.members_), widths_(shape_source.widths_), activation_(shape_source.activation_) {
  values_ = shape_source.values_.clone();
  if (trainable) grads_ = torch::zeros_like(values_);
  bind_views(trainable);
}

StackedMlp StackedMlp::frozen_copy() const { return StackedMlp(*this, false); }

void StackedMlp::bind_views(bool trainable) {
  weights_.clear();
  biases_.clear();
  int64_t offset = 0;
  auto take = [&](std::vector<int64_t> shape) {
    int64_t count = 1;
    for (int64_t size : shape) count *= size;
    torch::Tensor view = values_.narrow(0, offset, count).view(shape).detach();
    if (trainable) {
      view.requires_grad_(true);
      view.mutable_grad() = grads_.narrow(0, offset, count).view(shape);
    }
    offset += count;
    return view;
  };
  for (size_t layer = 0; layer + 1 < widths_.size(); ++layer) {
    weights_.push_back(take({members_, widths_[layer], widths_[layer + 1]}));
    biases_.push_back(take({members_, 1, widths_[layer + 1]}));
  }
}

torch::Tensor StackedMlp::forward(const torch::Tensor& x) const {
  torch::Tensor h = x.dim() == 2 ? x.unsqueeze(0).expand({members_, x.size(0), x.size(1)}) : x;
  for (size_t layer = 0; layer < weights_.size(); ++layer) {
    h = torch::baddbmm(biases_[layer], h, weights_[layer]);
    if (layer + 1 == weights_.size()) break;
    switch (activation_) {
      case Activation::Relu: h = torch::relu(h); break;
      case Activation::Tanh: h = torch::tanh(h); break;
      case Activation::Elu: h = torch::elu(h); break;
    }
  }
  return h;
}

void StackedMlp::zero_grad() { grads_.zero_(); }

void StackedMlp::set_requires_grad(bool on) {
  for (auto& weight : weights_) weight.requires_grad_(on);
  for (auto& bias : biases_) bias.requires_grad_(on);
}

void StackedMlp::polyak_from(const StackedMlp& source, double tau) {
  torch::NoGradGuard no_grad;
  values_.lerp_(source.values_, tau);
}

}  // namespace hypera::sac
