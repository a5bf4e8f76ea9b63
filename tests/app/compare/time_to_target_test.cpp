#include "app/compare/time_to_target.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "run_folder.h"
#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

const double kNoValidation = std::nan("");

TEST(TimeToTarget, ReadsCumulativeSecondsAndValidationFromMetricsCsv) {
  test::ScratchFolder dir;
  test::write_run_folder(dir.path(), "object_f1", {{10, 2.5, 0.4}, {20, 3, kNoValidation}, {30, 1.5, 0.7}}, {});
  const auto progress = read_progress(dir / "metrics.csv", "object_f1");
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(progress[0].step, 10);
  EXPECT_DOUBLE_EQ(progress[0].seconds, 2.5);
  EXPECT_DOUBLE_EQ(progress[0].validation, 0.4);
  EXPECT_TRUE(std::isnan(progress[1].validation));
  EXPECT_DOUBLE_EQ(progress[2].seconds, 7.0);
  EXPECT_EQ(progress[2].step, 30);
  EXPECT_TRUE(std::isnan(read_progress(dir / "metrics.csv", "dice")[0].validation));  // another metric's column

  EXPECT_EQ(first_reaching(progress, 0.4)->step, 10);  // reached means >= target
  EXPECT_EQ(first_reaching(progress, 0.5)->step, 30);
  EXPECT_DOUBLE_EQ(first_reaching(progress, 0.5)->seconds, 7.0);
  EXPECT_FALSE(first_reaching(progress, 0.71).has_value());
}

TEST(TimeToTarget, MediansOverTheRunsThatReachedTheTarget) {
  test::ScratchFolder dir;
  test::write_run_folder(dir / "a", "dice", {{10, 1, 0.5}, {20, 1, 0.8}}, {});  // reaches 0.8 at 20, 2 s
  test::write_run_folder(dir / "b", "dice", {{10, 4, 0.85}}, {});               // at 10, 4 s
  test::write_run_folder(dir / "c", "dice", {{10, 1, 0.6}, {20, 1, 0.7}}, {});  // never
  test::write_run_folder(dir / "d", "dice", {{15, 3, 0.1}, {30, 3, 0.9}}, {});  // at 30, 6 s
  const auto result = time_to_target({dir / "a/metrics.csv", dir / "b/metrics.csv", dir / "c/metrics.csv",
                                      dir / "d/metrics.csv", dir / "missing/metrics.csv"},
                                     "dice", 0.8);
  EXPECT_EQ(result.runs, 4);
  EXPECT_EQ(result.reached, 3);
  EXPECT_DOUBLE_EQ(result.median_steps, 20.0);
  EXPECT_DOUBLE_EQ(result.median_seconds, 4.0);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_NE(result.problems[0].find((dir / "missing/metrics.csv").string()), std::string::npos);

  const auto none = time_to_target({dir / "c/metrics.csv"}, "dice", 0.8);
  EXPECT_EQ(none.runs, 1);
  EXPECT_EQ(none.reached, 0);
  EXPECT_TRUE(std::isnan(none.median_steps));
  EXPECT_TRUE(std::isnan(none.median_seconds));
}

TEST(TimeToTarget, MalformedFilesAreInputErrorsNamingThem) {
  test::ScratchFolder dir;
  std::ofstream(dir / "no_column.csv") << "epoch,step,epoch_seconds\n0,10,1\n";
  std::ofstream(dir / "text.csv") << "step,epoch_seconds,val_dice\nten,1,0.5\n";
  std::ofstream(dir / "short.csv") << "step,epoch_seconds,val_dice\n10\n";
  std::ofstream(dir / "empty_step.csv") << "step,epoch_seconds,val_dice\n,1,0.5\n";
  for (const char* name : {"no_column.csv", "text.csv", "short.csv", "empty_step.csv", "none.csv"}) {
    SCOPED_TRACE(name);
    test::expect_input_error([&] { read_progress(dir / name, "dice"); }, dir / name);
  }
}

}  // namespace
}  // namespace hypera::app
