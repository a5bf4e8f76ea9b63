#include "app/compare/run_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "app/compare/arms.h"
#include "support/input_error.h"
#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

using Words = std::vector<std::string>;


bool contains(const Words& words, const Words& part) {
  return std::search(words.begin(), words.end(), part.begin(), part.end()) != words.end();
}

const ArmSettings kSettings{0.02, "meta", "out/openloop_schedule.csv"};

// The overrides of `arm`, which must have exactly one group, named like the arm.
Words overrides_of(const std::string& arm) {
  const auto groups = arm_groups(arm, kSettings);
  EXPECT_EQ(groups.size(), 1u) << arm;
  EXPECT_EQ(groups.at(0).name, arm);
  return groups.at(0).overrides;
}

TEST(Arms, OverridesOfEveryFixedArm) {
  EXPECT_EQ(overrides_of("constant"), Words{"--train.schedule=constant"});
  EXPECT_EQ(overrides_of("baseline"), Words{"--train.schedule=constant"});
  for (const char* schedule : {"poly", "cosine", "onecycle", "plateau"}) {
    EXPECT_EQ(overrides_of(schedule), Words{"--train.schedule=" + std::string(schedule)});
  }
  for (const char* arm : {"constant", "baseline", "constant-tuned", "poly", "cosine", "onecycle", "plateau"}) {
    EXPECT_TRUE(is_fixed_arm(arm)) << arm;
    EXPECT_FALSE(is_agent_arm(arm)) << arm;
  }
  EXPECT_FALSE(is_fixed_arm("constant-lr2"));  // a sweep group is not an arm of the reference class
}

TEST(Arms, ConstantTunedSweepsFactorsOfTheConfiguredLearningRate) {
  const auto groups = arm_groups("constant-tuned", kSettings);
  ASSERT_EQ(groups.size(), 5u);
  const Words names = {"constant-lr0.25", "constant-lr0.5", "constant-lr1", "constant-lr2", "constant-lr4"};
  const Words rates = {"0.005", "0.01", "0.02", "0.04", "0.08"};
  for (std::size_t i = 0; i < groups.size(); ++i) {
    EXPECT_EQ(groups[i].name, names[i]);
    EXPECT_EQ(groups[i].overrides, (Words{"--train.schedule=constant", "--optim.lr=" + rates[i]}));
  }
}

TEST(Arms, AgentArmsRunOnThePolySchedule) {
  const Words agents = {"--train.schedule=poly", "--agents.enabled=all"};
  EXPECT_EQ(overrides_of("agents"), agents);
  EXPECT_EQ(overrides_of("agents-warm"), agents);
  EXPECT_EQ(overrides_of("agents-no-lr_agent"),
            (Words{"--train.schedule=poly", "--agents.enabled=all", "--agents.disabled=lr_agent"}));
  EXPECT_EQ(overrides_of("agents-meta"), (Words{"--train.schedule=poly", "--agents.enabled=all", "--agents-from",
                                                "meta/agents", "--agents.learn=false"}));
  EXPECT_EQ(overrides_of("agents-random"),
            (Words{"--train.schedule=poly", "--agents.enabled=all", "--agents.policy=random"}));
  EXPECT_EQ(overrides_of("agents-openloop"),
            (Words{"--train.schedule=poly", "--train.replay_schedule=out/openloop_schedule.csv"}));
  for (const char* arm : {"agents", "agents-warm", "agents-meta", "agents-random", "agents-no-x"}) {
    EXPECT_TRUE(is_agent_arm(arm)) << arm;
    EXPECT_FALSE(is_fixed_arm(arm)) << arm;
  }
  EXPECT_FALSE(is_agent_arm("agents-openloop"));  // it replays a schedule; no agent acts
  EXPECT_EQ(warm_start_arm("agents-warm"), "agents");
  EXPECT_EQ(warm_start_arm("agents"), "");
  EXPECT_EQ(replayed_arm("agents-openloop"), "agents-meta");
  EXPECT_EQ(replayed_arm("agents-meta"), "");
}

TEST(Arms, PopulationArmsRunPopulationsOfTheConfiguredSize) {
  const Words base = {"--train.schedule=poly", "--population.size=4"};
  const auto with = [&](const Words& more) {
    Words words = base;
    words.insert(words.end(), more.begin(), more.end());
    return words;
  };
  EXPECT_EQ(overrides_of("population-poly"), with({"--population.exploit=false", "--population.explore=none"}));
  EXPECT_EQ(overrides_of("random-search"), with({"--population.exploit=false", "--population.resample_probability=1"}));
  EXPECT_EQ(overrides_of("pbt"), base);
  const Words agents = {"--agents.enabled=all", "--agents.disabled=batch_size", "--population.explore=agents"};
  EXPECT_EQ(overrides_of("pbt-agents"), with(agents));
  Words no_copies = agents;
  no_copies.push_back("--population.exploit=false");
  EXPECT_EQ(overrides_of("population-agents"), with(no_copies));
  Words frozen_meta = agents;
  frozen_meta.insert(frozen_meta.end(), {"--agents-from", "meta/agents", "--agents.learn=false"});
  EXPECT_EQ(overrides_of("pbt-agents-meta"), with(frozen_meta));
  EXPECT_TRUE(uses_meta_training("pbt-agents-meta") && uses_meta_training("agents-meta"));
  EXPECT_FALSE(uses_meta_training("pbt-agents"));
  for (const char* arm : {"population-poly", "random-search", "pbt", "pbt-agents", "pbt-agents-meta",
                          "population-agents"}) {
    EXPECT_TRUE(is_population_arm(arm)) << arm;
    EXPECT_EQ(arm_groups(arm, kSettings).at(0).ranks, 4) << arm;
  }
  EXPECT_TRUE(is_fixed_arm("population-poly")) << "the best of P seeds is the fixed schedule at equal compute";
  EXPECT_TRUE(is_agent_arm("pbt-agents"));
  EXPECT_TRUE(is_agent_arm("population-agents"));
  EXPECT_FALSE(is_agent_arm("pbt"));
  EXPECT_FALSE(is_population_arm("poly"));
  EXPECT_EQ(arm_groups("poly", kSettings).at(0).ranks, 1);
}

TEST(Arms, UnknownArmIsOneLineNamingArmsAndTheKnownOnes) {
  for (const char* name : {"linear", "agents-no-", "agents-no-a b", "Baseline", "constant-lr2"}) {
    const std::string message = test::input_error_message([&] { check_arm_name(name); });
    EXPECT_NE(message.find("--arms"), std::string::npos) << message;
    EXPECT_NE(message.find("'" + std::string(name) + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("constant, baseline, constant-tuned, poly, cosine, onecycle, plateau, agents"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_EQ(test::input_error_message([&] { arm_groups(name, kSettings); }), message);
  }
}

TEST(RunPlan, ParsesArmLists) {
  EXPECT_EQ(parse_arms("baseline,poly,agents-no-x,agents-openloop"),
            (Words{"baseline", "poly", "agents-no-x", "agents-openloop"}));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"poly,cosine,poly", "--arms: arm 'poly' is given twice"},
      {"poly,,cosine", "--arms: empty arm name"},
      {"", "--arms: no arm given"},
      {"poly,sgdr", "--arms: unknown arm 'sgdr'"},
  };
  for (const auto& [text, needle] : cases) {
    const std::string message = test::input_error_message([&] { parse_arms(text); });
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
  EXPECT_EQ(plan[3].group, "baseline");
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

TEST(RunPlan, ConstantTunedRunsEverySweepGroupOnEverySeed) {
  const CompareRequest request{"c.ini", {"constant-tuned", "poly"}, 2, "out", {}, 0.01};
  const auto plan = plan_runs(request);
  ASSERT_EQ(plan.size(), 12u);
  EXPECT_EQ(plan[0].group, "constant-lr0.25");
  EXPECT_EQ(plan[1].seed, 1);
  EXPECT_EQ(plan[9].arm, "constant-tuned");
  EXPECT_EQ(plan[9].group, "constant-lr4");
  EXPECT_EQ(plan[9].folder, std::filesystem::path("out/runs/constant-lr4/seed_1"));
  EXPECT_EQ(plan[9].log, std::filesystem::path("out/runs/constant-lr4/seed_1.log"));
  EXPECT_TRUE(contains(plan[9].arguments, {"--train.schedule=constant", "--optim.lr=0.04", "--train.seed=1"}));
  EXPECT_EQ(plan[10].group, "poly");
  for (const auto& run : plan) EXPECT_EQ(run.launch, 0);
  // The sweep sets optim.lr: the user may not.
  const std::string message = test::input_error_message([&] {
    plan_runs({"c.ini", {"constant-tuned"}, 2, "out", {"--optim.lr=1"}});
  });
  EXPECT_NE(message.find("--optim.lr"), std::string::npos) << message;
  EXPECT_NO_THROW(plan_runs({"c.ini", {"constant"}, 2, "out", {"--optim.lr=1"}}));
}

TEST(RunPlan, MetaAgentsNeedAMetaFolderWithAgents) {
  test::ScratchFolder dir;
  const std::string without = test::input_error_message([&] {
    plan_runs({"c.ini", {"poly", "pbt-agents-meta"}, 2, dir / "out", {}, 0.01});
  });
  EXPECT_EQ(without, "option --meta: arm 'pbt-agents-meta' needs --meta DIR (a meta-training folder)");
  CompareRequest request{"c.ini", {"poly", "agents-meta"}, 2, dir / "out", {}, 0.01};
  for (const auto& meta : {std::filesystem::path(), dir / "meta"}) {
    request.meta = meta;
    const std::string message = test::input_error_message([&] { plan_runs(request); });
    EXPECT_EQ(message.rfind("option --meta: ", 0), 0u) << message;
    if (!meta.empty()) EXPECT_NE(message.find((meta / "agents/manifest.txt").string()), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
  std::filesystem::create_directories(dir / "meta/agents");
  std::ofstream(dir / "meta/agents/manifest.txt") << "lr_agent\n";
  const auto plan = plan_runs(request);
  ASSERT_EQ(plan.size(), 4u);
  EXPECT_TRUE(contains(plan[3].arguments,
                       {"--agents-from", (dir / "meta/agents").string(), "--agents.learn=false", "--train.seed=1"}));
  // Without agents-meta among the arms, --meta is not looked at.
  EXPECT_NO_THROW(plan_runs({"c.ini", {"poly"}, 2, dir / "out", {}, 0.01, dir / "nowhere"}));
}

TEST(RunPlan, OpenLoopRunsComeLastInTheSecondLaunch) {
  test::ScratchFolder dir;
  std::filesystem::create_directories(dir / "meta/agents");
  std::ofstream(dir / "meta/agents/manifest.txt") << "lr_agent\n";
  const CompareRequest request{"c.ini", {"agents-openloop", "poly", "agents-meta"}, 2, "out", {}, 0.01, dir / "meta"};
  const auto plan = plan_runs(request);
  ASSERT_EQ(plan.size(), 6u);
  EXPECT_EQ(plan[0].arm, "poly");
  EXPECT_EQ(plan[2].arm, "agents-meta");
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(plan[i].launch, 0) << i;
  for (std::size_t i = 4; i < 6; ++i) {
    EXPECT_EQ(plan[i].arm, "agents-openloop");
    EXPECT_EQ(plan[i].launch, 1);
    EXPECT_FALSE(plan[i].waits_for.has_value());
    EXPECT_TRUE(contains(plan[i].arguments, {"--train.replay_schedule=out/openloop_schedule.csv"}));
  }
  EXPECT_EQ(openloop_schedule_path("out"), std::filesystem::path("out/openloop_schedule.csv"));
  const std::string message = test::input_error_message([&] { plan_runs({"c.ini", {"agents-openloop", "poly"}, 2, "out", {}}); });
  EXPECT_NE(message.find("--arms: arm 'agents-openloop' replays the schedules of arm 'agents-meta'"), std::string::npos)
      << message;
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
    const std::string message = test::input_error_message([&] { plan_runs(request); });
    EXPECT_NE(message.find(needle), std::string::npos) << needle << ": " << message;
  }
  EXPECT_NO_THROW(plan_runs({"c.ini", {"poly"}, 2, "out", {"--agents.enabled=lr"}}));
}

}  // namespace
}  // namespace hypera::app
