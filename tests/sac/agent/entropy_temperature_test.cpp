#include "sac/agent/entropy_temperature.h"

#include <gtest/gtest.h>

#include <cmath>

namespace hypera::sac {
namespace {

TEST(EntropyTemperature, AlphaRisesBelowTargetEntropyAndFallsAbove) {
  const double target = -1.0;  // target entropy
  EntropyTemperature low_entropy(0.5, target, true, 0.01), high_entropy(0.5, target, true, 0.01);
  for (int i = 0; i < 10; ++i) {
    low_entropy.step(torch::tensor(2.0F));    // E[log pi] = 2: entropy -2 < target: explore more
    high_entropy.step(torch::tensor(-0.5F));  // entropy 0.5 > target: explore less
  }
  EXPECT_GT(low_entropy.alpha().item<double>(), 0.5);
  EXPECT_LT(high_entropy.alpha().item<double>(), 0.5);
  // Adam's first steps move log alpha by about the learning rate each.
  EXPECT_NEAR(std::log(low_entropy.alpha().item<double>()), std::log(0.5) + 10 * 0.01, 2e-3);
}

TEST(EntropyTemperature, FixedAlphaNeverMoves) {
  EntropyTemperature fixed(0.2, -1.0, false, 0.01);
  fixed.step(torch::tensor(5.0F));
  EXPECT_FLOAT_EQ(fixed.alpha().item<float>(), 0.2F);
}

}  // namespace
}  // namespace hypera::sac
