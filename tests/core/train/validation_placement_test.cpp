#include "core/train/validation_placement.h"

#include <gtest/gtest.h>

#include "support/input_error.h"
#include "train_fixtures.h"

namespace hypera::core {
namespace {

int threads_for(const std::string& overlap, const std::string& schedule, int cores) {
  TrainerOptions options;
  options.config = testing::tiny_mri_config(2);
  options.config.train.threads = 1;
  options.config.train.overlap_validation = overlap;
  options.config.train.schedule = schedule;
  const TrainingRun run(options, data::PreparedDataset::open(options.config.data.prepared));
  return background_validation_threads(run, cores);
}

TEST(ValidationPlacement, AutoUsesTheCoresBeyondTrainingThreads) {
  EXPECT_EQ(threads_for("auto", "poly", 3), 2);
  EXPECT_EQ(threads_for("auto", "poly", 1), 0) << "no free core: in line";
  EXPECT_EQ(threads_for("on", "poly", 1), 1) << "asked for: one thread even without a free core";
  EXPECT_EQ(threads_for("off", "poly", 8), 0);
}

TEST(ValidationPlacement, ThePlateauScheduleKeepsValidationInLine) {
  EXPECT_EQ(threads_for("auto", "plateau", 8), 0);
  EXPECT_THROW(threads_for("on", "plateau", 8), InputError);
}

}  // namespace
}  // namespace hypera::core
