#include "sac/agent/flat_adam.h"

#include "sac/agent/adam_kernels.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hypera::sac {
namespace {

bool is_flat_cpu_float(const torch::Tensor& tensor) {
  return tensor.defined() && tensor.device().is_cpu() && tensor.scalar_type() == torch::kFloat &&
         tensor.is_contiguous();
}

}  // namespace

FlatAdam::FlatAdam(torch::Tensor values, torch::Tensor grads, double learning_rate, double max_grad_norm)
    : values_(std::move(values)),
      grads_(std::move(grads)),
      learning_rate_(learning_rate),
      max_grad_norm_(max_grad_norm) {
  if (!is_flat_cpu_float(values_) || !is_flat_cpu_float(grads_) || grads_.sizes() != values_.sizes()) {
    throw std::invalid_argument("FlatAdam: the parameter and gradient buffers must be contiguous float32 CPU "
                                "tensors of one size");
  }
  first_moment_ = torch::zeros_like(values_);
  second_moment_ = torch::zeros_like(values_);
}

void FlatAdam::step() {
  const int64_t count = values_.numel();
  const float* grads = grads_.data_ptr<float>();
  float grad_scale = 1.0F;
  if (max_grad_norm_ > 0) {
    const double norm = std::sqrt(sum_of_squares(grads, count));
    grad_scale = static_cast<float>(std::min(1.0, max_grad_norm_ / (norm + 1e-6)));
  }
  ++steps_;
  const double correction1 = 1.0 - std::pow(kAdamBeta1, static_cast<double>(steps_));
  const double correction2 = 1.0 - std::pow(kAdamBeta2, static_cast<double>(steps_));
  adam_pass(values_.data_ptr<float>(), grads, first_moment_.data_ptr<float>(), second_moment_.data_ptr<float>(),
            count, AdamStepConstants{grad_scale, static_cast<float>(std::sqrt(correction2)),
                    static_cast<float>(learning_rate_ / correction1)});
}

void FlatAdam::save(torch::serialize::OutputArchive& archive, const std::string& prefix) const {
  archive.write(prefix + "m", first_moment_);
  archive.write(prefix + "v", second_moment_);
  archive.write(prefix + "steps", torch::tensor(steps_, torch::kInt64));
}

void FlatAdam::load(torch::serialize::InputArchive& archive, const std::string& prefix) {
  torch::Tensor m, v, steps;
  archive.read(prefix + "m", m);
  archive.read(prefix + "v", v);
  archive.read(prefix + "steps", steps);
  if (m.sizes() != first_moment_.sizes() || v.sizes() != second_moment_.sizes()) {
    throw std::runtime_error(prefix + ": optimizer state has " + std::to_string(m.numel()) +
                             " values, this network " + std::to_string(first_moment_.numel()));
  }
  torch::NoGradGuard no_grad;
  first_moment_.copy_(m);
  second_moment_.copy_(v);
  steps_ = steps.item<int64_t>();
}

}  // namespace hypera::sac
