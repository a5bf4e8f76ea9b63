// The open-loop replay of hyperparameter values (train.replay_schedule): the file format, its bad input, and
// which value is in effect at each step.
#include "core/train/schedule_replay.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/train/tunables.h"
#include "common/expect_input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

namespace hypera::core {
namespace {

std::filesystem::path write_file(const test::ScratchFolder& scratch, const std::string& name, const std::string& text) {
  std::ofstream(scratch / name) << text;
  return scratch / name;
}

TEST(ScheduleReplay, SetsTheLastValueWhoseStepHasBeenReached) {
  test::ScratchFolder scratch;
  // Out of order on purpose: the rows are sorted by step.
  const auto file = write_file(scratch, "schedule.csv", "step,name,value\n10,lr_scale,2\n0,lr_scale,0.5\n5,aug.flip_p,0.1\n");
  ScheduleReplay replay(read_replay_schedule(file));
  HyperparameterRegistry registry;
  declare_tunables({}, registry);
  TrainingState state;
  replay.on_hook(Hook::TrainBegin, state, registry);
  const std::vector<std::pair<int64_t, double>> expected_scale = {{0, 0.5}, {4, 0.5}, {9, 0.5}, {10, 2}, {30, 2}};
  for (const auto& [step, scale] : expected_scale) {
    state.step = step;
    replay.on_hook(Hook::BatchBegin, state, registry);
    EXPECT_EQ(registry.get("lr_scale"), scale) << "step " << step;
    EXPECT_EQ(registry.get("aug.flip_p"), step >= 5 ? 0.1 : 0.5) << "step " << step;  // 0.5: configured
  }
}

TEST(ScheduleReplay, BadFilesAreOneLineErrorsNamingTheFileOrOption) {
  test::ScratchFolder scratch;
  test::expect_input_error([&] { read_replay_schedule(scratch / "missing.csv"); }, scratch / "missing.csv");
  for (const std::string text : {"step,value\n1,2\n", "step,name,value\n1,lr_scale\n", "step,name,value\n-1,lr_scale,2\n",
                                 "step,name,value\nx,lr_scale,2\n", "step,name,value\n1,lr_scale,nan\n"}) {
    const auto file = write_file(scratch, "bad.csv", text);
    test::expect_input_error([&] { read_replay_schedule(file); }, file);
  }
  ScheduleReplay unknown(read_replay_schedule(write_file(scratch, "unknown.csv", "step,name,value\n0,warp,1\n")));
  HyperparameterRegistry registry;
  declare_tunables({}, registry);
  test::expect_input_error([&] { unknown.on_hook(Hook::TrainBegin, TrainingState{}, registry); }, "train.replay_schedule");
}

TEST(ScheduleReplay, WritesTheReplayFileAtomicallyAndReadsItBack) {
  test::ScratchFolder dir;
  write_replay_schedule(dir / "openloop_schedule.csv", {{10, "lr", 0.015}, {20, "loss.dice", 0.5}});
  EXPECT_EQ(test::read_text(dir / "openloop_schedule.csv"), "step,name,value\n10,lr,0.015\n20,loss.dice,0.5\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "openloop_schedule.csv.tmp"));
  const auto rows = read_replay_schedule(dir / "openloop_schedule.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].step, 20);
  EXPECT_EQ(rows[1].name, "loss.dice");
  test::expect_input_error([&] { write_replay_schedule(dir / "no/such/folder.csv", {}); }, dir / "no/such/folder.csv");
}

}  // namespace
}  // namespace hypera::core
