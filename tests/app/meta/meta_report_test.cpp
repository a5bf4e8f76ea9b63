#include "app/meta/meta_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "app/compare/summary_file.h"
#include "app/meta/episode_plan.h"
#include "core/train/run_logger.h"
#include "support/durable_file.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "support/number_text.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

using Sections = std::map<std::string, std::map<std::string, double>>;

void write_summary(const std::filesystem::path& folder, const Sections& sections) {
  std::filesystem::create_directories(folder);
  support::write_file_atomically(folder / "summary.json", core::summary_json(sections));
}

// An episode's summary.json as train writes it with agents: final validation, timing and the agents section.
Sections episode_summary(double final_dice, double seconds, double updates) {
  return {{"final_validation", {{"dice", final_dice}, {"object_f1", 0.1}}},
          {"best", {{"dice", 0.99}}},
          {"timing", {{"total_seconds", seconds}}},
          {"agents", {{"updates", updates}, {"updates.learning_rate", updates / 2}, {"decisions", 12}}}};
}

// Three episodes of one task on two seeds (1000, 1001, 1000), their summary.json files in the episode folders.
class MetaReport : public ::testing::Test {
 protected:
  void SetUp() override {
    request = {{"configs/compare_mri.ini"}, 3, 2, 1000, dir / "meta", {}};
    const double finals[] = {0.70, 0.75, 0.90};
    const double baselines[] = {0.72, 0.71, 0.72};
    for (int episode = 0; episode < 3; ++episode) {
      const PlannedRun run = plan_episode(request, episode, baselines[episode]);
      write_summary(run.folder, episode_summary(finals[episode], 10.0 * (episode + 1), 100.0 * (episode + 1)));
      progress.episodes.push_back(read_episode_record(run, episode, baselines[episode], "dice"));
    }
    progress.baseline_runs = 2;
    progress.baseline_seconds = 7.5;
  }

  test::ScratchFolder dir;
  MetaRequest request;
  MetaProgress progress;
};

TEST_F(MetaReport, RecordsComeFromTheEpisodesSummaries) {
  const EpisodeRecord& second = progress.episodes[1];
  EXPECT_EQ(second.episode, 1);
  EXPECT_EQ(second.task, "compare_mri");
  EXPECT_EQ(second.seed, 1001);
  EXPECT_DOUBLE_EQ(second.baseline, 0.71);
  EXPECT_DOUBLE_EQ(second.final_score, 0.75);
  EXPECT_DOUBLE_EQ(second.difference, 0.75 - 0.71);
  EXPECT_DOUBLE_EQ(second.seconds, 20);
  EXPECT_DOUBLE_EQ(second.updates, 200);
}

TEST_F(MetaReport, WritesOneCsvRowPerEpisodeAndTheTotalsAsJson) {
  std::filesystem::create_directories(request.out);
  write_meta_files(request.out, progress);
  EXPECT_EQ(test::read_text(request.out / "meta.csv"),
            "episode,task,seed,baseline,final,difference,seconds,updates\n"
            "0,compare_mri,1000,0.72,0.7," +
                support::format_number(0.70 - 0.72) +
                ",10,100\n"
                "1,compare_mri,1001,0.71,0.75," +
                support::format_number(0.75 - 0.71) +
                ",20,200\n"
                "2,compare_mri,1000,0.72,0.9," +
                support::format_number(0.90 - 0.72) + ",30,300\n");
  const auto json = read_summary(request.out / "meta.json");
  ASSERT_EQ(json.size(), 1u);
  EXPECT_EQ(summary_value(json, "meta_train", "episodes"), 3);
  EXPECT_EQ(summary_value(json, "meta_train", "runs"), 5);
  EXPECT_DOUBLE_EQ(summary_value(json, "meta_train", "seconds"), 67.5);
  // Three episodes: the first half is episode 0, the second half episode 2 (the middle one is in neither).
  EXPECT_DOUBLE_EQ(summary_value(json, "meta_train", "mean_difference_first_half"), 0.70 - 0.72);
  EXPECT_DOUBLE_EQ(summary_value(json, "meta_train", "mean_difference_second_half"), 0.90 - 0.72);

  // After one more episode the files are rewritten: four rows, halves of two episodes each.
  const PlannedRun fourth = plan_episode(request, 3, 0.71);
  write_summary(fourth.folder, episode_summary(0.81, 40, 400));
  progress.episodes.push_back(read_episode_record(fourth, 3, 0.71, "dice"));
  write_meta_files(request.out, progress);
  const std::string csv = test::read_text(request.out / "meta.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  EXPECT_NE(csv.find("\n3,compare_mri,1001,0.71,0.81,"), std::string::npos) << csv;
  const auto longer = read_summary(request.out / "meta.json");
  EXPECT_NEAR(summary_value(longer, "meta_train", "mean_difference_first_half"), ((0.70 - 0.72) + (0.75 - 0.71)) / 2,
              1e-12);
  EXPECT_NEAR(summary_value(longer, "meta_train", "mean_difference_second_half"), ((0.90 - 0.72) + (0.81 - 0.71)) / 2,
              1e-12);
  EXPECT_EQ(summary_value(longer, "meta_train", "runs"), 6);
}

TEST_F(MetaReport, HalvesWithoutEpisodesAreNullAndAMissingUpdateCountIsAnEmptyCell) {
  MetaProgress one{{progress.episodes[0]}, 2, 0};
  one.episodes[0].updates = std::nan("");
  std::filesystem::create_directories(request.out);
  write_meta_files(request.out, one);
  EXPECT_NE(test::read_text(request.out / "meta.json").find("\"mean_difference_first_half\": null"), std::string::npos);
  EXPECT_TRUE(
      std::isnan(summary_value(read_summary(request.out / "meta.json"), "meta_train", "mean_difference_second_half")));
  EXPECT_NE(test::read_text(request.out / "meta.csv").find(",10,\n"), std::string::npos);
}

TEST_F(MetaReport, AnEpisodeWithoutItsScoreOrTimeIsRefusedNamingItsSummary) {
  const PlannedRun run = plan_episode(request, 4, 0.7);
  write_summary(run.folder, {{"final_validation", {{"object_f1", 0.5}}}, {"timing", {{"total_seconds", 3}}}});
  test::expect_input_error([&] { read_episode_record(run, 4, 0.7, "dice"); }, run.folder / "summary.json");
  write_summary(run.folder, {{"final_validation", {{"dice", 0.5}}}});
  test::expect_input_error([&] { read_episode_record(run, 4, 0.7, "dice"); }, run.folder / "summary.json");
  const PlannedRun missing = plan_episode(request, 5, 0.7);
  test::expect_input_error([&] { read_episode_record(missing, 5, 0.7, "dice"); }, missing.folder / "summary.json");
}

}  // namespace
}  // namespace hypera::app
