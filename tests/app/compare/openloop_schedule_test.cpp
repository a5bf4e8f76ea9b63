#include "app/compare/openloop_schedule.h"

#include <gtest/gtest.h>

#include <tuple>

#include "core/logging/csv_writer.h"

namespace hypera::app {
namespace {

HparamWrite write(int64_t step, const std::string& writer, const std::string& name, double old_value, double new_value,
                  int rank = 0) {
  return {step, 0, rank, writer, name, old_value, new_value};
}

TEST(OpenLoopSchedule, AgentWritersAreEveryoneButTheTrainerItself) {
  for (const char* writer : {"config", "schedule", "resume", "trainer", "replay"})
    EXPECT_FALSE(is_agent_writer(writer));
  for (const char* writer : {"lr_agent", "learning_rate", "batch_size+optimization"})
    EXPECT_TRUE(is_agent_writer(writer));
}

TEST(OpenLoopSchedule, MeanOfTheValueInEffectAtEveryStepAnyRunChangedIt) {
  // Run A: lr 0.01 -> 0.02 at step 10 -> 0.04 at step 30; loss.dice 1 -> 0.5 at step 20.
  // Run B: lr 0.01 -> 0.03 at step 20, and a schedule write and another rank's write that do not count.
  const std::vector<std::vector<HparamWrite>> runs = {
      {write(0, "config", "lr", 0.01, 0.01), write(10, "lr_agent", "lr", 0.01, 0.02),
       write(20, "loss_agent", "loss.dice", 1, 0.5), write(30, "lr_agent", "lr", 0.02, 0.04)},
      {write(5, "schedule", "lr", 0.01, 0.009), write(20, "lr_agent", "lr", 0.01, 0.03),
       write(25, "lr_agent", "lr", 0.03, 0.9, 1)},
  };
  const auto changes = mean_agent_schedule(runs);
  // lr at 10: A 0.02, B still its first write's old value 0.01; at 20: 0.02 and 0.03; at 30: 0.04 and 0.03.
  // loss.dice: only run A wrote it, so its mean is A's value.
  const std::vector<std::tuple<int64_t, std::string, double>> expected = {
      {10, "lr", 0.015}, {20, "loss.dice", 0.5}, {20, "lr", 0.025}, {30, "lr", 0.035}};
  ASSERT_EQ(changes.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(changes[i].step, std::get<0>(expected[i])) << i;
    EXPECT_EQ(changes[i].name, std::get<1>(expected[i])) << i;
    EXPECT_NEAR(changes[i].value, std::get<2>(expected[i]), 1e-15) << i;
  }
  EXPECT_TRUE(mean_agent_schedule({{write(0, "config", "lr", 1, 1)}}).empty());
}

TEST(OpenLoopSchedule, TheLastWriteOfAStepIsInEffect) {
  const auto changes = mean_agent_schedule({{write(10, "a", "lr", 1, 2), write(10, "b", "lr", 2, 3)}});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].value, 3.0);
}

}  // namespace
}  // namespace hypera::app
