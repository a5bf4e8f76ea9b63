#pragma once
// The tanh-squashed diagonal Gaussian of continuous SAC and the affine map from its (-1, 1) range to the
// declared action bounds.
//
// Sampling: u = mean + exp(log_std) * noise, noise ~ N(0, I); y = tanh(u) in (-1, 1)^A; the environment
// action a = offset + scale * y with offset = (high + low) / 2, scale = (high - low) / 2.
// Densities (change of variables): log p_y(y) = log N(u; mean, std) - sum_i log(1 - tanh(u_i)^2), and
// log p_a(a) = log p_y(y) - sum_i log(scale_i).
//
// The SAC update works with log p_y (actions in (-1, 1)): the rescale's log-determinant is a constant, so
// including it would shift every entropy by the same sum_i log(scale_i); the target entropy would have to
// move by that constant too (the temperature loss is unchanged) and the soft values would gain a constant
// per-step bonus alpha * sum_i log(scale_i) that depends on the units of the bounds. Leaving it out makes the
// agent invariant to the bounds and the target entropy -|A| means what it means in Stable-Baselines3.
// log_det() gives the constant for anyone who needs the density of `a` itself.
#include <torch/torch.h>

#include <vector>

namespace hypera::sac {

// log p_y of y = tanh(u) where u = mean + exp(log_std) * noise. noise, log_std, u: [B, A]. Returns [B].
// The Jacobian term uses log(1 - tanh(u)^2) = 2 * (log 2 - u - softplus(-2u)), exact and finite for every u.
torch::Tensor squashed_gaussian_log_prob(const torch::Tensor& noise, const torch::Tensor& log_std,
                                         const torch::Tensor& u);

class ActionRescale {
 public:
  // low[i] < high[i] (validated by the caller's config).
  ActionRescale(const std::vector<float>& low, const std::vector<float>& high);

  torch::Tensor to_bounds(const torch::Tensor& unit) const;    // y in (-1, 1) -> a, any leading shape
  torch::Tensor from_bounds(const torch::Tensor& action) const;  // a -> y
  double log_det() const { return log_det_; }                  // sum_i log(scale_i)

 private:
  torch::Tensor offset_;
  torch::Tensor scale_;
  torch::Tensor inverse_scale_;
  torch::Tensor unit_offset_;  // -offset / scale
  double log_det_ = 0;
};

}  // namespace hypera::sac
