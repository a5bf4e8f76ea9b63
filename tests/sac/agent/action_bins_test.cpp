#include "sac/agent/action_bins.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace hypera::sac {
namespace {

TEST(ActionBins, GridIncludesBothBoundsAndNumbersDimensionZeroFastest) {
  const ActionBins bins({-1, 0}, {1, 10}, 3);
  EXPECT_EQ(bins.choices(), 9);
  EXPECT_EQ(bins.values(0), (std::vector<float>{-1, 0}));
  EXPECT_EQ(bins.values(1), (std::vector<float>{0, 0}));
  EXPECT_EQ(bins.values(5), (std::vector<float>{1, 5}));
  EXPECT_EQ(bins.values(8), (std::vector<float>{1, 10}));
  EXPECT_THROW(bins.values(9), std::invalid_argument);
  EXPECT_THROW(bins.values(-1), std::invalid_argument);
}

TEST(ActionBins, ChoiceOfSnapsToTheNearestGridPointAndInvertsValues) {
  const ActionBins bins({-2, 0, 1}, {2, 1, 3}, 5);
  for (int64_t c = 0; c < bins.choices(); ++c) EXPECT_EQ(bins.choice_of(bins.values(c)), c);
  EXPECT_EQ(bins.choice_of({-1.1F, 0.26F, 9.0F}), bins.choice_of({-1, 0.25F, 3}));  // nearest, clamped
  EXPECT_THROW(bins.choice_of({0, 0}), std::invalid_argument);
  EXPECT_THROW(bins.choice_of({0, NAN, 1}), std::invalid_argument);
}

TEST(ActionBins, DiscreteConfigAndValidation) {
  SacConfig config;
  config.state_dim = 2;
  config.action_low = {-1, -1};
  config.action_high = {1, 1};
  config.action_bins = 7;
  EXPECT_NO_THROW(validate(config));
  const SacConfig discrete = ActionBins(config.action_low, config.action_high, 7).discrete_config(config);
  EXPECT_EQ(discrete.discrete_actions, 49);
  EXPECT_TRUE(discrete.action_low.empty());
  EXPECT_NO_THROW(validate(discrete));
  config.action_bins = 1;
  EXPECT_THROW(validate(config), std::invalid_argument);
  config.action_bins = 65;  // 65^2 > 4096 choices
  EXPECT_THROW(validate(config), std::invalid_argument);
  SacConfig categorical;
  categorical.state_dim = 2;
  categorical.discrete_actions = 3;
  categorical.action_bins = 4;
  EXPECT_THROW(validate(categorical), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::sac
