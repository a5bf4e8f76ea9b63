#include <gtest/gtest.h>

#include <stdexcept>

#include "agents/rewards/multi_objective_reward.h"
#include "agents/rewards/reward_components.h"
#include "agents/rewards/reward_statistics.h"

namespace hypera::agents {
namespace {

// Truth: two 8x8 squares on a 40x24 grid. "Good": the truth itself but one pixel row short on one square.
// "Bad": both squares merged into one object by a bridge and a spurious blob.
core::PostprocessResult from_ids(const data::InstanceVolume& ids) {
  core::PostprocessResult r;
  r.instances = ids;
  r.mask = data::LabelVolume(ids.geometry);
  for (size_t i = 0; i < ids.voxels.size(); ++i) r.mask.voxels[i] = ids.voxels[i] != 0;
  return r;
}

void fill(data::InstanceVolume& ids, int64_t x0, int64_t y0, int64_t w, int64_t h, int32_t id) {
  for (int64_t y = y0; y < y0 + h; ++y) {
    for (int64_t x = x0; x < x0 + w; ++x) ids.at(x, y) = id;
  }
}

struct Case {
  data::InstanceVolume truth;
  data::LabelVolume truth_mask;
  core::PostprocessResult good;
  core::PostprocessResult bad;
};

Case hand_case() {
  data::Geometry g;
  g.size = {40, 24, 1};
  Case c;
  c.truth = data::InstanceVolume(g);
  fill(c.truth, 4, 8, 8, 8, 1);
  fill(c.truth, 16, 8, 8, 8, 2);
  c.truth_mask = from_ids(c.truth).mask;
  data::InstanceVolume good(g);
  fill(good, 4, 8, 8, 8, 1);
  fill(good, 16, 8, 8, 7, 2);
  c.good = from_ids(good);
  data::InstanceVolume bad(g);
  fill(bad, 4, 8, 20, 8, 1);
  fill(bad, 32, 2, 4, 4, 2);
  c.bad = from_ids(bad);
  return c;
}

const RewardVector kAll{1, 1, 1, 1, 1, 1};

TEST(Rewards, ComponentsOfThePerfectSegmentation) {
  const Case c = hand_case();
  const RewardVector r = reward_components(from_ids(c.truth), c.truth, c.truth_mask);
  EXPECT_DOUBLE_EQ(r[kDice], 1);
  EXPECT_DOUBLE_EQ(r[kHd95], 0);
  EXPECT_DOUBLE_EQ(r[kPrecisionRecall], 1);
  EXPECT_DOUBLE_EQ(r[kCompactness], 0);
  EXPECT_DOUBLE_EQ(r[kForeground], 1);
  EXPECT_DOUBLE_EQ(r[kObjectF1], 1);
}

TEST(Rewards, BetterSegmentationGetsHigherReward) {
  const Case c = hand_case();
  const RewardVector good = reward_components(c.good, c.truth, c.truth_mask);
  const RewardVector bad = reward_components(c.bad, c.truth, c.truth_mask);
  EXPECT_GT(good[kDice], bad[kDice]);
  EXPECT_GT(good[kObjectF1], bad[kObjectF1]);
  EXPECT_GT(good[kHd95], bad[kHd95]);
  const MultiObjectiveRewardCalculator calculator;
  for (const double progress : {0.0, 0.5, 1.0}) {
    // The base is the bad segmentation: refining to the good one is rewarded, the converse is punished,
    // and reproducing the base earns nothing.
    EXPECT_GT(calculator.reward(good, bad, kAll, progress), 0.1);
    EXPECT_LT(calculator.reward(bad, good, kAll, progress), -0.1);
    EXPECT_DOUBLE_EQ(calculator.reward(bad, bad, kAll, progress), 0);
  }
  // A specialty sees only its components: a foreground-only agent sees the foreground difference.
  RewardVector foreground_only{};
  foreground_only[kForeground] = 1;
  EXPECT_DOUBLE_EQ(calculator.reward(good, bad, foreground_only, 0.5), good[kForeground] - bad[kForeground]);
  EXPECT_THROW(calculator.reward(good, bad, RewardVector{}, 0.5), std::invalid_argument);
}

TEST(Rewards, PhasesShiftTheWeightsTowardsObjects) {
  const AdaptiveWeightManager phases;
  EXPECT_EQ(phases.phase(0.1), TrainingPhase::Early);
  EXPECT_EQ(phases.phase(0.5), TrainingPhase::Middle);
  EXPECT_EQ(phases.phase(0.9), TrainingPhase::Late);
  EXPECT_LT(phases.weights(0.1)[kObjectF1], phases.weights(0.5)[kObjectF1]);
  EXPECT_LT(phases.weights(0.5)[kObjectF1], phases.weights(0.9)[kObjectF1]);
  EXPECT_GT(phases.weights(0.1)[kDice], phases.weights(0.9)[kDice]);
  for (const double p : {0.0, 0.5, 1.0}) {
    double sum = 0;
    for (const double w : phases.weights(p)) sum += w;
    EXPECT_NEAR(sum, 1, 1e-12);
  }
  EXPECT_THROW(AdaptiveWeightManager(0.8, 0.2), std::invalid_argument);
}

TEST(Rewards, StatisticsZScoreAndClip) {
  RewardStatistics stats(2.0);
  EXPECT_DOUBLE_EQ(stats.normalize(7), 2);  // before two rewards: raw, clipped
  for (const double r : {1.0, 3.0}) stats.add(r);
  EXPECT_DOUBLE_EQ(stats.mean(), 2);
  EXPECT_DOUBLE_EQ(stats.standard_deviation(), 1);
  EXPECT_DOUBLE_EQ(stats.normalize(3.5), 1.5);
  EXPECT_DOUBLE_EQ(stats.normalize(-10), -2);
  EXPECT_THROW(stats.add(std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::agents
