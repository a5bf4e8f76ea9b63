#include "agents/segmentation/segmentation_agent_coordinator.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <map>

#include "agents/segmentation/segmentation_refiner.h"

namespace hypera::agents {
namespace {

FeatureNormalizer identity_normalizer() {
  return FeatureNormalizer{std::vector<float>(kStateDim, 0.0f), std::vector<float>(kStateDim, 1.0f)};
}

CoordinatorConfig config_with(ConflictStrategy strategy) {
  CoordinatorConfig c;
  c.base = RefinerTrainingOptions::default_base_setting();
  c.strategy = strategy;
  c.consensus_tolerance = 8;
  return c;
}

std::vector<std::vector<float>> zero_actions(const SegmentationAgentCoordinator& coordinator) {
  std::vector<std::vector<float>> actions;
  for (size_t i = 0; i < coordinator.agent_count(); ++i) {
    actions.emplace_back(coordinator.agent(i).parameters().size(), 0.0f);
  }
  return actions;
}

// Sets the action of `parameter` of agent `agent_name`.
void set_action(const SegmentationAgentCoordinator& c, std::vector<std::vector<float>>& actions,
                const std::string& agent_name, const std::string& parameter, float value) {
  for (size_t i = 0; i < c.agent_count(); ++i) {
    if (c.agent(i).name() != agent_name) continue;
    const auto owned = c.agent(i).parameters();
    for (size_t k = 0; k < owned.size(); ++k) {
      if (owned[k].name == parameter) {
        actions[i][k] = value;
        return;
      }
    }
  }
  FAIL() << agent_name << " does not own " << parameter;
}

TEST(Coordinator, ZeroActionReproducesTheBaseSetting) {
  torch::set_num_threads(1);
  for (const auto s : {ConflictStrategy::WeightedAverage, ConflictStrategy::PriorityBased, ConflictStrategy::Consensus}) {
    SegmentationAgentCoordinator c(config_with(s), identity_normalizer());
    const core::PostprocessParams p = c.combine(zero_actions(c), 50);
    const core::PostprocessParams base = RefinerTrainingOptions::default_base_setting();
    for (const auto& range : core::parameter_ranges()) {
      EXPECT_EQ(core::get_parameter(p, range.name), core::get_parameter(base, range.name)) << range.name;
    }
    EXPECT_EQ(p.seeds, base.seeds);
  }
}

TEST(Coordinator, OwnsEveryParameterOnceExceptMinSize) {
  torch::set_num_threads(1);
  SegmentationAgentCoordinator c(config_with(ConflictStrategy::WeightedAverage), identity_normalizer());
  ASSERT_EQ(c.agent_count(), 5u);
  std::map<std::string, int> owners;
  for (size_t i = 0; i < c.agent_count(); ++i) {
    for (const auto& p : c.agent(i).parameters()) ++owners[p.name];
  }
  for (const auto& range : core::parameter_ranges()) {
    EXPECT_EQ(owners[range.name], range.name == "min_size" ? 2 : 1) << range.name;
  }
}

// min_size base 24, scale 24 for both owners: region proposes 24 - 24 = 0, object detection 24 + 12 = 36.
TEST(Coordinator, ResolvesTheMinSizeConflictWithEachStrategy) {
  torch::set_num_threads(1);
  const auto resolved = [](ConflictStrategy s, float region, float detection) {
    SegmentationAgentCoordinator c(config_with(s), identity_normalizer());
    auto actions = zero_actions(c);
    set_action(c, actions, "region", "min_size", region);
    set_action(c, actions, "object_detection", "min_size", detection);
    return c.combine(actions, 50).min_size;
  };
  EXPECT_EQ(resolved(ConflictStrategy::WeightedAverage, -1, 0.5), 18);
  EXPECT_EQ(resolved(ConflictStrategy::PriorityBased, -1, 0.5), 36);  // object detection comes later
  EXPECT_EQ(resolved(ConflictStrategy::Consensus, -1, 0.5), 24);      // 36 apart: keep the base
  EXPECT_EQ(resolved(ConflictStrategy::Consensus, 0.25, 0.5), 33);    // 30 and 36 agree within 8: the mean
}

TEST(Coordinator, KeepFractionOfObjects) {
  torch::set_num_threads(1);
  SegmentationAgentCoordinator c(config_with(ConflictStrategy::WeightedAverage), identity_normalizer());
  auto actions = zero_actions(c);
  set_action(c, actions, "shape", "max_objects", -0.5f);
  EXPECT_EQ(c.combine(actions, 40).max_objects, 20);
  set_action(c, actions, "shape", "max_objects", 0.7f);
  EXPECT_EQ(c.combine(actions, 40).max_objects, 0);  // all objects
  set_action(c, actions, "shape", "max_objects", -1.0f);
  EXPECT_EQ(c.combine(actions, 40).max_objects, 1);  // keep the largest
}

}  // namespace
}  // namespace hypera::agents
