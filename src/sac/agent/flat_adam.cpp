#include "sac/agent/flat_adam.h"

#include <cmath>
#include <stdexcept>

namespace hypera::sac {
namespace {

constexpr double kBeta1 = 0.9;
constexpr double kBeta2 = 0.999;
constexpr double kEpsilon = 1e-8;

}  // namespace

FlatAdam::FlatAdam(torch::Tensor values, torch::Tensor grads, double learning_rate, double max_grad_norm)
    : values_(std::move(values)),
      grads_(std::move(grads)),
      first_moment_(torch::zeros_like(values_)),
      second_moment_(torch::zeros_like(values_)),
      denominator_(torch::empty_like(values_)),
      learning_rate_(learning_rate),
      max_grad_norm_(max_grad_norm) {
  if (!grads_.defined() || grads_.sizes() != values_.sizes()) {
    throw std::invalid_argument("FlatAdam: gradient buffer does not match the parameter buffer");
  }
}

void FlatAdam::step() {
  torch::NoGradGuard no_grad;
  if (max_grad_norm_ > 0) {
    torch::Tensor factor = (max_grad_norm_ / (grads_.norm() + 1e-6)).clamp_max_(1.0);
    grads_.mul_(factor);
  }
  ++steps_;
  const double correction1 = 1.0 - std::pow(kBeta1, static_cast<double>(steps_));
  const double correction2 = 1.0 - std::pow(kBeta2, static_cast<double>(steps_));
  first_moment_.lerp_(grads_, 1.0 - kBeta1);
  second_moment_.mul_(kBeta2).addcmul_(grads_, grads_, 1.0 - kBeta2);
  torch::sqrt_out(denominator_, second_moment_);
  denominator_.div_(std::sqrt(correction2)).add_(kEpsilon);
  values_.addcdiv_(first_moment_, denominator_, -learning_rate_ / correction1);
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
