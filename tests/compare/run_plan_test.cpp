#include "app/compare/run_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/compare/arms.h"
#include "data/io/input_error.h"

namespace hypera::app {
namespace {

using Words = std::vector<std::string>;

// The InputError message of `action`, or "" (and a test failure) when it throws none.
template <class Action>
std::string input_error(Action&& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

bool contains(const Words& words, const Words& part) {
  return std::search(words.begin(), words.end(), part.begin(), part.end()) != words.end();
}

TEST(Arms, OverridesOfEveryArm) {
  EXPECT_EQ(arm_overrides("baseline"), Words{"--train.schedule=constant"});
  for (const char* schedule : {"poly", "cosine", "onecycle", "plateau"}) {
    EXPECT_EQ(arm_overrides(schedule), Words{"--train.schedule=" + std::string(schedule)});
    EXPECT_TRUE(is_fixed_arm(schedule));
    EXPECT_FALSE(is_agent_arm(schedule));
  }
  const Words agents = {"--train.schedule=constant", "--agents.enabled=all"};
  EXPECT_EQ(arm_overrides("agents"), agents);
  EXPECT_EQ(arm_overrides("agents-warm"), agents);
  EXPECT_EQ(arm_overrides("agents-no-lr_agent"),
            (Words{"--train.schedule=constant", "--agents.enabled=all", "--agents.disabled=lr_agent"}));
  EXPECT_TRUE(is_fixed_arm("baseline"));
  EXPECT_FALSE(is_fixed_arm("agents"));
  EXPECT_TRUE(is_agent_arm("agents-no-lr_agent"));
  EXPECT_EQ(warm_start_arm("agents-warm"), "agents");
  EXPECT_EQ(warm_start_arm("agents"), "");
}

TEST(Arms, UnknownArmIsOneLineNamingArmsAndTheKnownOnes) {
  for (const char* name : {"linear", "agents-no-", "agents-no-a b", "Baseline"}) {
    const std::string message = input_error([&] { arm_overrides(name); });
    EXPECT_NE(message.find("--arms"), std::string::npos) << message;
    EXPECT_NE(message.find("'" + std::string(name) + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("baseline, poly, cosine, onecycle, plateau, agents"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

TEST(RunPlan, ParsesArmLists) {
  EXPECT_EQ(parse_arms("baseline,poly,agents-no-x"), (Words{"baseline", "poly", "agents-no-x"}));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"poly,cosine,poly", "--arms: arm 'poly' is given twice"},
      {"poly,,cosine", "--arms: empty arm name"},
      {"", "--arms: no arm given"},
      {"poly,sgdr", "--arms: unknown arm 'sgdr'"},
  };
  for (const auto& [text, needle] : cases) {
    const std::string message = input_error([&] { parse_arms(text); });
    EXPECT_NE(message.find(needle), std::string::npos) << needle << ": " << message;
  }
}

TEST(RunPlan, OneRunPerArmAndSeedWithItsFoldersAndArguments) {
  const CompareRequest request{"c.ini", {"poly", "baseline"}, 2, "out", {"--train.epochs=3", "--model.depth=2"}};
  const auto plan = plan_runs(request);
  ASSERT_EQ(plan.size(), 4u);
  EXPECT_EQ(plan[0].arm, "poly");
  EXPECT_EQ(plan[1].seed, 1);
  EXPECT_EQ(plan[2].arm, "baseline");
  EXPECT_EQ(plan[3].folder, std::filesystem::path("out/runs/baseline/seed_1"));
  EXPECT_EQ(plan[3].log, std::filesystem::path("out/runs/baseline/seed_1.log"));
  EXPECT_EQ(plan[3].arguments,
            (Words{"train", "--config", "c.ini", "--out", "out/runs/baseline/seed_1", "--resume", "auto",
                   "--train.epochs=3", "--model.depth=2", "--train.schedule=constant", "--train.seed=1"}));
  for (const auto& run : plan) EXPECT_FALSE(run.waits_for.has_value());
}

TEST(RunPlan, WarmStartedRunsComeLastAndWaitForAnotherSeedsAgentsRun) {
  const CompareRequest request{"c.ini", {"agents-warm", "baseline", "agents"}, 3, "out", {}};
  const auto plan = plan_runs(request);
  ASSERT_EQ(plan.size(), 9u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_NE(plan[i].arm, "agents-warm") << i;
  for (std::size_t i = 6; i < 9; ++i) {
    const PlannedRun& run = plan[i];
    ASSERT_EQ(run.arm, "agents-warm");
    ASSERT_TRUE(run.waits_for.has_value());
    const PlannedRun& source = plan[*run.waits_for];
    EXPECT_EQ(source.arm, "agents");
    EXPECT_EQ(source.seed, (run.seed + 1) % 3);
    EXPECT_TRUE(contains(run.arguments, {"--agents-from", "out/runs/agents/seed_" + std::to_string(source.seed)}));
    EXPECT_TRUE(contains(run.arguments, {"--agents.enabled=all", "--train.seed=" + std::to_string(run.seed)}));
  }
}

TEST(RunPlan, RefusesWarmStartsWithoutTheirSourceAndOverridesThatCompareSets) {
  const std::vector<std::pair<CompareRequest, std::string>> cases = {
      {{"c.ini", {"agents-warm", "poly"}, 3, "out", {}}, "'agents'"},
      {{"c.ini", {"agents", "agents-warm"}, 1, "out", {}}, "--seeds"},
      {{"c.ini", {"poly"}, 2, "out", {"--train.seed=4"}}, "--train.seed"},
      {{"c.ini", {"poly"}, 2, "out", {"--train.schedule", "cosine"}}, "--train.schedule"},
      {{"c.ini", {"agents"}, 2, "out", {"--agents.enabled=lr"}}, "--agents.enabled"},
  };
  for (const auto& [request, needle] : cases) {
    const std::string message = input_error([&] { plan_runs(request); });
    EXPECT_NE(message.find(needle), std::string::npos) << needle << ": " << message;
  }
  EXPECT_NO_THROW(plan_runs({"c.ini", {"poly"}, 2, "out", {"--agents.enabled=lr"}}));
}

}  // namespace
}  // namespace hypera::app
