// PBT's decisions: truncation selection (who copies whom), the explore step within bounds, and generators that
// decide the same on every rank and after a resume.
#include "population/pbt_rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "population/member_layout.h"
#include "common/expect_input_error.h"

namespace hypera::population {
namespace {

TEST(ChooseExploits, TheBottomQuantileCopiesTheTopQuantile) {
  auto random = decision_generator(7, 1, -1);
  // Fitness by member: 5 and 7 are the top two, 2 and 4 the bottom two (quantile 0.25 of 8 members = 2).
  const std::vector<double> fitness{0.5, 0.6, 0.1, 0.55, 0.2, 0.9, 0.4, 0.8};
  std::set<int> sources;
  for (int trial = 0; trial < 20; ++trial) {
    const auto exploits = choose_exploits(fitness, 0.25, random);
    ASSERT_EQ(exploits.size(), 2u);
    EXPECT_EQ(exploits[0].target, 2);
    EXPECT_EQ(exploits[1].target, 4);
    for (const Exploit& e : exploits) {
      EXPECT_TRUE(e.source == 5 || e.source == 7) << e.source;
      sources.insert(e.source);
    }
  }
  EXPECT_EQ(sources.size(), 2u) << "the source is drawn from the whole top quantile";
}

TEST(ChooseExploits, UnknownFitnessRanksLowestAndSmallPopulationsStillExploit) {
  auto random = decision_generator(7, 1, -1);
  const auto two = choose_exploits({0.3, 0.7}, 0.25, random);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].target, 0);
  EXPECT_EQ(two[0].source, 1);
  const auto with_nan = choose_exploits({0.3, NAN, 0.1, 0.2}, 0.25, random);
  ASSERT_EQ(with_nan.size(), 1u);
  EXPECT_EQ(with_nan[0].target, 1);
  EXPECT_EQ(with_nan[0].source, 0);
  EXPECT_TRUE(choose_exploits({0.3}, 0.5, random).empty());
  EXPECT_EQ(choose_exploits(std::vector<double>(10, 0.5), 0.5, random).size(), 5u) << "at most half copy";
}

TEST(MemberFitness, IsTheMetricOrItsGainSinceThePreviousGeneration) {
  const std::vector<double> metric{0.8, 0.6, 0.7}, previous{0.79, 0.4, NAN};
  EXPECT_EQ(member_fitness(metric, previous, "metric"), metric);
  const auto gain = member_fitness(metric, previous, "improvement");
  EXPECT_NEAR(gain[0], 0.01, 1e-12);
  EXPECT_NEAR(gain[1], 0.2, 1e-12);
  EXPECT_EQ(gain[2], 0.7) << "no previous generation: the metric itself";
  // The ranking turns: member 0 has the highest metric but the smallest gain, so it copies the leader (member 2).
  auto random = decision_generator(1, 1, -1);
  const auto exploits = choose_exploits(gain, 0.34, random);
  ASSERT_EQ(exploits.size(), 1u);
  EXPECT_EQ(exploits[0].target, 0);
  EXPECT_EQ(exploits[0].source, 2);
}

TEST(ExploredValue, PerturbsByTheFactorsAndResamplesWithinTheBounds) {
  core::HyperparameterSpec scale{"lr_scale", 1.0, 0.25, 4.0};
  core::HyperparameterSpec decay{"weight_decay", 0.0, 0.0, 0.1};
  auto random = decision_generator(3, 2, 1);
  std::set<double> perturbed;
  for (int i = 0; i < 50; ++i) perturbed.insert(explored_value(1.0, scale, 0.0, random));
  EXPECT_EQ(perturbed, (std::set<double>{0.8, 1.2}));
  EXPECT_EQ(explored_value(4.0, scale, 0.0, random) <= 4.0, true);
  int below_one = 0;
  for (int i = 0; i < 2000; ++i) {
    const double value = explored_value(1.0, scale, 1.0, random);
    ASSERT_GE(value, 0.25);
    ASSERT_LE(value, 4.0);
    below_one += value < 1.0;
    const double linear = explored_value(0.0, decay, 1.0, random);
    ASSERT_GE(linear, 0.0);
    ASSERT_LE(linear, 0.1);
  }
  // Log-uniform over [0.25, 4]: half of the draws lie below 1 (the geometric middle).
  EXPECT_NEAR(below_one / 2000.0, 0.5, 0.05);
}

TEST(DecisionGenerator, IsTheSameForTheSameDecisionAndDiffersOtherwise) {
  EXPECT_EQ(decision_generator(1, 2, 3)(), decision_generator(1, 2, 3)());
  EXPECT_NE(decision_generator(1, 2, 3)(), decision_generator(1, 3, 3)());
  EXPECT_NE(decision_generator(1, 2, 3)(), decision_generator(1, 2, 4)());
  EXPECT_NE(decision_generator(1, 2, 3)(), decision_generator(2, 2, 3)());
}

TEST(MemberLayout, GroupsConsecutiveRanksAndRefusesUnevenSplits) {
  const MemberLayout layout = member_layout(8, 5, 4);
  EXPECT_EQ(layout.ranks_per_member, 2);
  EXPECT_EQ(layout.member, 2);
  EXPECT_EQ(layout.rank_in_member, 1);
  EXPECT_FALSE(layout.is_member_root());
  EXPECT_EQ(layout.root_of(3), 6);
  EXPECT_EQ(member_layout(3, 2, 1).member, 0);
  test::expect_input_error([] { member_layout(6, 0, 4); }, "population.size");
}

}  // namespace
}  // namespace hypera::population
