#include "sac/agent/squashed_gaussian.h"

#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "sac/agent/gaussian_policy.h"

namespace hypera::sac {
namespace {

// log p_a(a) for the 1-D squashed Gaussian through the library function.
double library_log_density(double a, double mean, double log_std, const ActionRescale& rescale) {
  torch::Tensor y = rescale.from_bounds(torch::full({1, 1}, a, torch::kFloat64).to(torch::kFloat32));
  torch::Tensor u = torch::atanh(y);
  torch::Tensor noise = (u - mean) / std::exp(log_std);
  torch::Tensor log_std_t = torch::full({1, 1}, static_cast<float>(log_std));
  return squashed_gaussian_log_prob(noise, log_std_t, u).item<double>() - rescale.log_det();
}

TEST(SquashedGaussian, DensityIntegratesToOneOverTheBounds) {
  torch::set_num_threads(1);
  const ActionRescale rescale({-2.0F}, {3.0F});
  for (auto [mean, log_std] : {std::pair{0.3, -0.5}, std::pair{-0.8, -1.5}, std::pair{1.2, 0.0}}) {
    const int points = 20000;
    const double low = -2.0, high = 3.0, width = (high - low) / points;
    // Midpoint rule, vectorised: all points in one call.
    torch::Tensor a = torch::arange(points, torch::kFloat64).add_(0.5).mul_(width).add_(low).view({-1, 1});
    torch::Tensor y = rescale.from_bounds(a.to(torch::kFloat32));
    torch::Tensor u = torch::atanh(y);
    torch::Tensor noise = (u - mean) / std::exp(log_std);
    torch::Tensor log_p = squashed_gaussian_log_prob(noise, torch::full_like(u, log_std), u) - rescale.log_det();
    const double integral = log_p.to(torch::kFloat64).exp().sum().item<double>() * width;
    EXPECT_NEAR(integral, 1.0, 2e-3) << "mean " << mean << " log_std " << log_std;
  }
}

TEST(SquashedGaussian, MatchesChangeOfVariablesAtPoints) {
  const ActionRescale rescale({-2.0F}, {3.0F});  // scale 2.5, offset 0.5
  const double mean = 0.4, log_std = -0.3, sigma = std::exp(log_std);
  for (double u : {-2.5, -1.0, -0.1, 0.0, 0.7, 1.9}) {
    const double a = 0.5 + 2.5 * std::tanh(u);
    const double gaussian = std::exp(-0.5 * std::pow((u - mean) / sigma, 2)) / (sigma * std::sqrt(2 * M_PI));
    const double jacobian = 2.5 * (1.0 - std::pow(std::tanh(u), 2));
    EXPECT_NEAR(library_log_density(a, mean, log_std, rescale), std::log(gaussian / jacobian), 2e-3) << "u " << u;
  }
}

TEST(SquashedGaussian, JacobianTermStaysFiniteFarInTheTails) {
  // Naively, 1 - tanh(30)^2 rounds to 0 in float and its log is -inf; the stable form gives 2 (log 2 - |u|).
  torch::Tensor u = torch::tensor({{30.0F}, {-30.0F}});
  torch::Tensor log_p = squashed_gaussian_log_prob(torch::zeros_like(u), torch::zeros_like(u), u);
  for (int i = 0; i < 2; ++i) {
    const double expected = -0.5 * std::log(2 * M_PI) - 2.0 * (std::log(2.0) - 30.0);
    EXPECT_TRUE(std::isfinite(log_p[i].item<double>()));
    EXPECT_NEAR(log_p[i].item<double>(), expected, 1e-4);
  }
}

TEST(SquashedGaussian, PolicySampleLogProbIsTheDensityOfItsAction) {
  torch::set_num_threads(1);
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(7);
  GaussianPolicy policy(3, 2, {16, 16}, "relu", generator);
  torch::Tensor states = torch::randn({64, 3}, generator);
  GaussianPolicy::Sample sample = policy.sample(states, generator);
  GaussianPolicy::Gaussian gaussian = policy.distribution(states);
  ASSERT_EQ(sample.action.sizes(), (std::vector<int64_t>{64, 2}));
  ASSERT_EQ(sample.log_prob.sizes(), (std::vector<int64_t>{64}));
  EXPECT_LT(sample.action.abs().max().item<float>(), 1.0F);
  // Recompute from the action alone, in double: u = atanh(y), Gaussian density of u, Jacobian of tanh.
  torch::Tensor y = sample.action.detach().to(torch::kFloat64);
  torch::Tensor u = torch::atanh(y);
  torch::Tensor sigma = gaussian.log_std.detach().to(torch::kFloat64).exp();
  torch::Tensor z = (u - gaussian.mean.detach().to(torch::kFloat64)) / sigma;
  torch::Tensor expected = (-0.5 * z.square() - sigma.log() - 0.5 * std::log(2 * M_PI) - (1 - y.square()).log()).sum(1);
  EXPECT_TRUE(torch::allclose(sample.log_prob.detach().to(torch::kFloat64), expected, 1e-3, 1e-3));
  // The deterministic action is tanh(mean).
  EXPECT_TRUE(torch::allclose(policy.deterministic(states), torch::tanh(gaussian.mean)));
}

TEST(SquashedGaussian, RescaleMapsUnitIntervalOntoBounds) {
  const ActionRescale rescale({-2.0F, 0.0F}, {2.0F, 10.0F});
  torch::Tensor unit = torch::tensor({{-1.0F, -1.0F}, {0.0F, 0.0F}, {1.0F, 1.0F}});
  torch::Tensor expected = torch::tensor({{-2.0F, 0.0F}, {0.0F, 5.0F}, {2.0F, 10.0F}});
  EXPECT_TRUE(torch::allclose(rescale.to_bounds(unit), expected));
  EXPECT_TRUE(torch::allclose(rescale.from_bounds(expected), unit, 1e-5, 1e-6));
  EXPECT_NEAR(rescale.log_det(), std::log(2.0) + std::log(5.0), 1e-12);
}

}  // namespace
}  // namespace hypera::sac
