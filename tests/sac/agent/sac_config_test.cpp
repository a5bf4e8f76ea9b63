#include "sac/agent/sac_config.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace hypera::sac {
namespace {

SacConfig pendulum_like() {
  SacConfig config;
  config.state_dim = 3;
  config.action_low = {-2};
  config.action_high = {2};
  return config;
}

TEST(SacConfig, DefaultsWithDimensionsAreValid) {
  EXPECT_NO_THROW(validate(pendulum_like()));
  EXPECT_EQ(action_dim(pendulum_like()), 1);
  EXPECT_FALSE(is_discrete(pendulum_like()));
}

TEST(SacConfig, DiscreteNeedsNoBounds) {
  SacConfig config;
  config.state_dim = 4;
  config.discrete_actions = 3;
  EXPECT_NO_THROW(validate(config));
  EXPECT_TRUE(is_discrete(config));
  config.action_low = {0};
  config.action_high = {1};
  EXPECT_THROW(validate(config), std::invalid_argument);
}

TEST(SacConfig, RejectsEachBadField) {
  auto expect_bad = [](auto change) {
    SacConfig config = pendulum_like();
    change(config);
    EXPECT_THROW(validate(config), std::invalid_argument);
  };
  expect_bad([](SacConfig& c) { c.state_dim = 0; });
  expect_bad([](SacConfig& c) { c.action_high = {-3}; });
  expect_bad([](SacConfig& c) { c.action_high = {2, 2}; });
  expect_bad([](SacConfig& c) { c.activation = "gelu"; });
  expect_bad([](SacConfig& c) { c.tau = 0; });
  expect_bad([](SacConfig& c) { c.gamma = 1.1; });
  expect_bad([](SacConfig& c) { c.buffer_capacity = 10; });
  expect_bad([](SacConfig& c) { c.n_step = 0; });
  expect_bad([](SacConfig& c) { c.hidden = {}; });
}

}  // namespace
}  // namespace hypera::sac
