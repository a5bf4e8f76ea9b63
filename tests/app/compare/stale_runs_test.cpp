// compare never reuses a run folder whose configuration differs from its plan: the first differing key is named,
// and --rerun-stale moves the folder aside (never deletes it) so the run starts afresh.
#include "app/compare/stale_runs.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

const std::string kIni = "# resolved\n[train]\nepochs = 10\nseed = 0\n\n[optim]\nlr = 0.01\n";

TEST(StaleRuns, NamesTheFirstKeyThatDiffers) {
  EXPECT_EQ(first_differing_key(kIni, kIni), "");
  EXPECT_EQ(first_differing_key(kIni, "[train]\nepochs=10\nseed = 0\n[optim]\nlr = 0.01\n"), "") << "spacing";
  EXPECT_EQ(first_differing_key(kIni, "[train]\nepochs = 3\nseed = 0\n[optim]\nlr = 0.02\n"), "train.epochs");
  EXPECT_EQ(first_differing_key(kIni, "[train]\nepochs = 10\nseed = 0\n"), "optim.lr") << "missing in the stored";
  EXPECT_EQ(first_differing_key(kIni, kIni + "[population]\nsize = 1\n"), "population.size") << "only in the stored";
}

TEST(StaleRuns, TheOverridesAreTheConfigKeysOfTheArguments) {
  PlannedRun run;
  run.arguments = {"train", "--config", "c.ini", "--out", "o", "--resume", "auto", "--train.epochs=3",
                   "--agents-from", "a", "--train.seed=2"};
  EXPECT_EQ(config_overrides(run), (std::vector<std::string>{"--train.epochs=3", "--train.seed=2"}));
}

TEST(StaleRuns, RefusesOrMovesAsideARunOfAnotherConfiguration) {
  test::ScratchFolder dir;
  PlannedRun same, other, population, fresh;
  same.folder = dir / "runs/poly/seed_0";
  other.folder = dir / "runs/poly/seed_1";
  other.log = dir / "runs/poly/seed_1.log";
  population.folder = dir / "runs/pbt/seed_0";
  fresh.folder = dir / "runs/poly/seed_2";
  for (const auto& folder : {same.folder, other.folder, population.folder / "member_0"}) {
    std::filesystem::create_directories(folder);
  }
  std::ofstream(same.folder / "config.ini") << kIni;
  std::ofstream(other.folder / "config.ini") << "[train]\nepochs = 3\n";
  std::ofstream(other.log) << "old log\n";
  std::ofstream(population.folder / "member_0" / "config.ini") << kIni;
  EXPECT_EQ(stored_config(population), population.folder / "member_0" / "config.ini");
  EXPECT_TRUE(stored_config(fresh).empty());
  const auto resolve = [](const PlannedRun&) { return kIni; };
  const std::vector<PlannedRun> plan{same, other, population, fresh};
  const std::string message = test::input_error_message([&] { handle_stale_runs(plan, resolve, false); });
  EXPECT_NE(message.find(other.folder.string()), std::string::npos) << message;
  EXPECT_NE(message.find("train.epochs"), std::string::npos) << message;
  EXPECT_NE(message.find("--rerun-stale"), std::string::npos) << message;
  EXPECT_TRUE(std::filesystem::exists(other.folder / "config.ini")) << "a refusal moves nothing";

  const auto moved = handle_stale_runs(plan, resolve, true);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_NE(moved[0].find("train.epochs"), std::string::npos) << moved[0];
  EXPECT_FALSE(std::filesystem::exists(other.folder));
  EXPECT_EQ(test::read_text(other.folder.string() + ".stale-1/config.ini"), "[train]\nepochs = 3\n");
  EXPECT_EQ(test::read_text(other.folder.string() + ".stale-1.log"), "old log\n");
  EXPECT_TRUE(std::filesystem::exists(same.folder / "config.ini")) << "an agreeing run stays for reuse";
  EXPECT_TRUE(handle_stale_runs(plan, resolve, true).empty());
}

}  // namespace
}  // namespace hypera::app
