#include "app/meta/episode_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/meta/meta_request.h"
#include "support/input_error.h"
#include "common/expect_input_error.h"

namespace hypera::app {
namespace {

using Words = std::vector<std::string>;


// Two tasks on three seeds from 1000, one user override.
MetaRequest two_tasks() { return {{"configs/mri.ini", "other/cells.ini"}, 10, 3, 1000, "meta", {"--train.epochs=2"}}; }

bool contains(const Words& words, const Words& sequence) {
  return std::search(words.begin(), words.end(), sequence.begin(), sequence.end()) != words.end();
}

TEST(MetaEpisodePlan, TasksTakeTurnsAndEachSeedServesEveryTaskBeforeTheNext) {
  const MetaRequest request = two_tasks();
  const std::vector<std::pair<std::size_t, int>> expected = {{0, 1000}, {1, 1000}, {0, 1001}, {1, 1001},
                                                             {0, 1002}, {1, 1002}, {0, 1000}, {1, 1000}};
  for (int episode = 0; episode < int(expected.size()); ++episode) {
    const EpisodeSlot slot = episode_slot(request, episode);
    EXPECT_EQ(slot.task, expected[episode].first) << "episode " << episode;
    EXPECT_EQ(slot.seed, expected[episode].second) << "episode " << episode;
  }
  MetaRequest one_task = request;
  one_task.configs = {"a.ini"};
  one_task.seed_base = 7;
  EXPECT_EQ(episode_slot(one_task, 4).seed, 8);  // seeds 7, 8, 9, 7, 8
  EXPECT_EQ(episode_slot(one_task, 4).task, 0u);
}

TEST(MetaEpisodePlan, BaselinesRunEveryTaskAndSeedWithoutAgentsOrTest) {
  const MetaRequest request = two_tasks();
  const auto plan = plan_baselines(request);
  ASSERT_EQ(plan.size(), 6u);
  EXPECT_EQ(plan[0].arm, "mri");
  EXPECT_EQ(plan[0].seed, 1000);
  EXPECT_EQ(plan[5].arm, "cells");
  EXPECT_EQ(plan[5].seed, 1002);
  EXPECT_EQ(plan[4].folder, std::filesystem::path("meta/baselines/cells/seed_1001"));
  EXPECT_EQ(plan[4].log, std::filesystem::path("meta/baselines/cells/seed_1001.log"));
  EXPECT_EQ(plan[4].arguments,
            (Words{"train", "--config", "other/cells.ini", "--out", "meta/baselines/cells/seed_1001",
                   "--train.epochs=2", "--resume", "auto", "--train.seed=1001", "--train.evaluate_test=false"}));
  for (const auto& run : plan) {
    EXPECT_FALSE(run.waits_for.has_value());
    for (const auto& word : run.arguments) EXPECT_EQ(word.find("agents"), std::string::npos) << word;
  }
  // Every episode finds the baseline of its own task and seed.
  for (int episode = 0; episode < 12; ++episode) {
    const EpisodeSlot slot = episode_slot(request, episode);
    const PlannedRun& baseline = plan.at(baseline_index(request, slot));
    EXPECT_EQ(baseline.arm, task_name(request.configs[slot.task])) << "episode " << episode;
    EXPECT_EQ(baseline.seed, slot.seed) << "episode " << episode;
  }
}

TEST(MetaEpisodePlan, AnEpisodeTrainsAllAgentsOnTheSharedStateAgainstItsBaseline) {
  const MetaRequest request = two_tasks();
  const PlannedRun run = plan_episode(request, 3, 0.8125);
  EXPECT_EQ(run.arm, "cells");
  EXPECT_EQ(run.seed, 1001);
  EXPECT_EQ(run.folder, std::filesystem::path("meta/episodes/e3_cells_s1001"));
  EXPECT_EQ(run.log, std::filesystem::path("meta/episodes/e3_cells_s1001.log"));
  EXPECT_EQ(run.arguments,
            (Words{"train", "--config", "other/cells.ini", "--out", "meta/episodes/e3_cells_s1001", "--train.epochs=2",
                   "--agents.enabled=all", "--agents-state", "meta/agents", "--agents.baseline_score=0.8125",
                   "--train.seed=1001", "--train.evaluate_test=false"}));
  EXPECT_FALSE(contains(run.arguments, {"--resume"}));
  EXPECT_EQ(agents_folder(request), std::filesystem::path("meta/agents"));
  // The score goes to the run exactly (shortest text that reads back as the same double).
  EXPECT_TRUE(contains(plan_episode(request, 0, 0.1 + 0.2).arguments, {"--agents.baseline_score=0.30000000000000004"}));
}

TEST(MetaEpisodePlan, AnEpisodeInARoundOfSeveralTrainsOnItsOwnCopyOfTheState) {
  const MetaRequest request = two_tasks();
  EXPECT_EQ(episode_state_folder(request, 3, 1), std::filesystem::path("meta/agents"));
  EXPECT_EQ(episode_state_folder(request, 3, 2), std::filesystem::path("meta/rounds/e3_agents"));
  const PlannedRun alone = plan_episode(request, 3, 0.8125), in_round = plan_episode(request, 3, 0.8125, 2);
  EXPECT_TRUE(contains(in_round.arguments, {"--agents-state", "meta/rounds/e3_agents"}));
  EXPECT_EQ(in_round.folder, alone.folder);
  EXPECT_EQ(in_round.log, alone.log);
}

TEST(MetaEpisodePlan, RefusesOverridesOfWhatMetaTrainSetsPerRun) {
  for (const std::string word : {"--train.seed=3", "--train.evaluate_test=true", "--agents.enabled=learning_rate",
                                 "--agents.baseline_score=0.5", "--agents-state", "--agents-from", "--resume"}) {
    MetaRequest request = two_tasks();
    request.overrides.push_back(word);
    const std::string message = test::input_error_message([&] { plan_baselines(request); });
    EXPECT_NE(message.find(word.substr(0, word.find('='))), std::string::npos) << message;
    EXPECT_NE(message.find("meta-train sets it"), std::string::npos) << message;
  }
  MetaRequest ablation = two_tasks();
  ablation.overrides.push_back("--agents.disabled=batch_size");
  EXPECT_EQ(plan_baselines(ablation).size(), 6u);
}

TEST(MetaRequest, ConfigsNameTheirTasksAndMustDiffer) {
  EXPECT_EQ(parse_configs("configs/compare_mri.ini"), (std::vector<std::filesystem::path>{"configs/compare_mri.ini"}));
  EXPECT_EQ(parse_configs("a.ini,b/c.ini").size(), 2u);
  EXPECT_EQ(task_name("configs/compare_mri.ini"), "compare_mri");
  EXPECT_NE(test::input_error_message([] { parse_configs(""); }).find("--config"), std::string::npos);
  EXPECT_NE(test::input_error_message([] { parse_configs("a.ini,,b.ini"); }).find("--config"), std::string::npos);
  const std::string twice = test::input_error_message([] { parse_configs("x/task.ini,y/task.ini"); });
  EXPECT_NE(twice.find("--config"), std::string::npos) << twice;
  EXPECT_NE(twice.find("'task'"), std::string::npos) << twice;
}

}  // namespace
}  // namespace hypera::app
