// The [cleanup] options resolved (cleanup_choice.h): which steps are fixed, when a run chooses, and the
// RUN/cleanup.ini through which `infer` applies the choice. choose_cleanup itself runs in the end-to-end test
// of train (tests/app/cli/train_infer_test.sh), which checks the chosen candidate against the scores.
#include "core/train/cleanup_choice.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::core {
namespace {

TEST(CleanupChoice, OnlyStepsThatAreOnAreFixed) {
  const MaskCleanup fixed = fixed_cleanup({"on", "auto"}, false);
  EXPECT_TRUE(fixed.largest_component);
  EXPECT_FALSE(fixed.fill_holes);
  EXPECT_FALSE(fixed_cleanup({"auto", "off"}, true).any());
}

TEST(CleanupChoice, OnIsRefusedForDataSetsWithInstances) {
  const std::string message = test::input_error_message([] { fixed_cleanup({"off", "on"}, true); });
  EXPECT_NE(message.find("cleanup.fill_holes"), std::string::npos) << message;
}

TEST(CleanupChoice, ARunChoosesOnlyWithAutoAndWithoutInstances) {
  EXPECT_TRUE(cleanup_to_choose({"auto", "off"}, false));
  EXPECT_TRUE(cleanup_to_choose({"on", "auto"}, false));
  EXPECT_FALSE(cleanup_to_choose({"on", "off"}, false));
  EXPECT_FALSE(cleanup_to_choose({"auto", "auto"}, true));
}

TEST(CleanupChoice, TheWrittenChoiceOverridesAutoAndAutoAloneIsOff) {
  const test::ScratchFolder run;
  EXPECT_FALSE(run_cleanup(run.path(), {"auto", "auto"}).any());
  EXPECT_TRUE(run_cleanup(run.path(), {"auto", "on"}).fill_holes);
  write_cleanup_choice(run.path(), {true, false});
  const MaskCleanup chosen = run_cleanup(run.path(), {"auto", "auto"});
  EXPECT_TRUE(chosen.largest_component);
  EXPECT_FALSE(chosen.fill_holes);
}

TEST(CleanupChoice, ADamagedChoiceFileIsNamed) {
  const test::ScratchFolder run;
  std::ofstream(run.path() / "cleanup.ini") << "[cleanup]\nlargest_component = maybe\n";
  test::expect_input_error([&] { run_cleanup(run.path(), {}); }, run.path() / "cleanup.ini");
}

}  // namespace
}  // namespace hypera::core
