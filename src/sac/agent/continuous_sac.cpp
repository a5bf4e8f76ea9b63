#include "sac/agent/continuous_sac.h"

namespace hypera::sac {

ContinuousSac::ContinuousSac(const SacConfig& config, at::Generator generator)
    : SacLearner(config, action_dim(config), 1, -static_cast<double>(action_dim(config)), std::move(generator)),
      policy_(config.state_dim, action_dim(config), config.hidden, config.activation, generator_),
      rescale_(config.action_low, config.action_high) {
  attach_actor(policy_.network());
}

std::vector<float> ContinuousSac::act(const torch::Tensor& state, bool explore) {
  torch::NoGradGuard no_grad;
  torch::Tensor unit = explore ? policy_.sample(state, generator_).action : policy_.deterministic(state);
  torch::Tensor action = rescale_.to_bounds(unit).contiguous();
  return {action.data_ptr<float>(), action.data_ptr<float>() + action.numel()};
}

torch::Tensor ContinuousSac::batch_q(const torch::Tensor& states, const torch::Tensor& actions) {
  return critics_.q(states, rescale_.from_bounds(actions));
}

torch::Tensor ContinuousSac::target_soft_value(const torch::Tensor& next_states, const torch::Tensor& alpha) {
  GaussianPolicy::Sample next = policy_.sample(next_states, generator_);
  return TwinQNetwork::twin_min(critics_.target_q(next_states, next.action)) - alpha * next.log_prob;
}

SacLearner::PolicyTerms ContinuousSac::policy_terms(const torch::Tensor& states, const torch::Tensor& alpha) {
  GaussianPolicy::Sample sample = policy_.sample(states, generator_);
  torch::Tensor min_q = TwinQNetwork::twin_min(critics_.q(states, sample.action));
  return {min_q - alpha * sample.log_prob, sample.log_prob.detach().mean()};
}

}  // namespace hypera::sac
