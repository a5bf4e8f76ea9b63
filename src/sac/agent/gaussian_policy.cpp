#include "sac/agent/gaussian_policy.h"

#include "sac/agent/squashed_gaussian.h"

namespace hypera::sac {
namespace {

constexpr double kLogStdMin = -20.0;
constexpr double kLogStdMax = 2.0;

}  // namespace

GaussianPolicy::GaussianPolicy(int64_t state_dim, int64_t action_dim, const std::vector<int64_t>& hidden,
                               const std::string& activation, at::Generator& generator)
    : action_dim_(action_dim), network_(1, state_dim, hidden, 2 * action_dim, activation, generator) {}

GaussianPolicy::Gaussian GaussianPolicy::distribution(const torch::Tensor& states) const {
  torch::Tensor out = network_.forward(states).select(0, 0);
  return {out.narrow(1, 0, action_dim_), out.narrow(1, action_dim_, action_dim_).clamp(kLogStdMin, kLogStdMax)};
}

GaussianPolicy::Sample GaussianPolicy::sample(const torch::Tensor& states, at::Generator& generator) const {
  Gaussian gaussian = distribution(states);
  torch::Tensor noise = torch::empty_like(gaussian.mean).normal_(0.0, 1.0, generator);
  torch::Tensor u = torch::addcmul(gaussian.mean, gaussian.log_std.exp(), noise);
  return {torch::tanh(u), squashed_gaussian_log_prob(noise, gaussian.log_std, u)};
}

torch::Tensor GaussianPolicy::deterministic(const torch::Tensor& states) const {
  return torch::tanh(distribution(states).mean);
}

}  // namespace hypera::sac
