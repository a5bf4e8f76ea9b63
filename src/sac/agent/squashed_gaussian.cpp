#include "sac/agent/squashed_gaussian.h"

#include <cmath>

namespace hypera::sac {

torch::Tensor squashed_gaussian_log_prob(const torch::Tensor& noise, const torch::Tensor& log_std,
                                         const torch::Tensor& u) {
  static const double kHalfLog2Pi = 0.5 * std::log(2.0 * M_PI);
  static const double kLog2 = std::log(2.0);
  // Per element: log N - log(1 - tanh^2) = -noise^2 / 2 - log_std - log(2 pi) / 2 - 2 (log 2 - u - softplus(-2u)).
  torch::Tensor jacobian = 2.0 * (kLog2 - u - torch::softplus(-2.0 * u));
  torch::Tensor per_element = -0.5 * noise.square() - log_std - jacobian;
  return per_element.sum(-1) - kHalfLog2Pi * static_cast<double>(u.size(-1));
}

ActionRescale::ActionRescale(const std::vector<float>& low, const std::vector<float>& high) {
  const auto count = static_cast<int64_t>(low.size());
  offset_ = torch::empty({count});
  scale_ = torch::empty({count});
  for (int64_t i = 0; i < count; ++i) {
    const double half_range = (static_cast<double>(high[i]) - low[i]) / 2.0;
    offset_[i] = (static_cast<double>(high[i]) + low[i]) / 2.0;
    scale_[i] = half_range;
    log_det_ += std::log(half_range);
  }
  inverse_scale_ = scale_.reciprocal();
  unit_offset_ = -offset_ * inverse_scale_;
}

torch::Tensor ActionRescale::to_bounds(const torch::Tensor& unit) const {
  return torch::addcmul(offset_, unit, scale_);
}

torch::Tensor ActionRescale::from_bounds(const torch::Tensor& action) const {
  return torch::addcmul(unit_offset_, action, inverse_scale_);
}

}  // namespace hypera::sac
