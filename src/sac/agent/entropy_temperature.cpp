#include "sac/agent/entropy_temperature.h"

#include <cmath>

namespace hypera::sac {

EntropyTemperature::EntropyTemperature(double initial_alpha, double target_entropy, bool learnable,
                                       double learning_rate)
    : target_entropy_(target_entropy),
      learnable_(learnable),
      log_alpha_(torch::full({1}, std::log(initial_alpha))),
      gradient_(torch::zeros({1})),
      alpha_(log_alpha_.exp()),
      optimizer_(log_alpha_, gradient_, learning_rate, 0.0) {}

void EntropyTemperature::step(const torch::Tensor& mean_log_prob) {
  if (!learnable_) return;
  torch::NoGradGuard no_grad;
  torch::neg_out(gradient_, mean_log_prob.view({1}) + target_entropy_);
  optimizer_.step();
  torch::exp_out(alpha_, log_alpha_);
}

void EntropyTemperature::save(torch::serialize::OutputArchive& archive) const {
  archive.write("log_alpha", log_alpha_);
  optimizer_.save(archive, "alpha_adam/");
}

void EntropyTemperature::load(torch::serialize::InputArchive& archive) {
  torch::Tensor stored;
  archive.read("log_alpha", stored);
  torch::NoGradGuard no_grad;
  log_alpha_.copy_(stored.view({1}));
  torch::exp_out(alpha_, log_alpha_);
  optimizer_.load(archive, "alpha_adam/");
}

}  // namespace hypera::sac
