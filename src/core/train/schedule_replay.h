#pragma once
// An open-loop replay of hyperparameter values (train.replay_schedule): a CSV file with the header
// step,name,value and rows "from optimizer step `step` on, registry entry `name` is `value`" (hypera_dist
// compare writes one from the mean of trained agents' runs). At every EpochBegin and BatchBegin the replay
// writes, for each entry, the value of its last row whose step is <= the steps taken so far (writer
// "replay"); before an entry's first row the configured value stays. It does not react to the run: the
// control for whether agents that react help more than their average schedule.
// Not thread-safe; the training thread calls it.
#include <filesystem>
#include <string>
#include <vector>

#include "core/train/training_hooks.h"

namespace hypera::core {

struct ReplayRow {
  int64_t step = 0;
  std::string name;
  double value = 0;
};

// Rows of `file` sorted by step (stable). InputError naming the file and line for a missing file, a wrong
// header, a malformed row, a negative step or a non-finite value.
std::vector<ReplayRow> read_replay_schedule(const std::filesystem::path& file);

// Writes `rows` (sorted by step) as a replay file, atomically (support/durable_file.h). InputError naming the
// file when it cannot be written.
void write_replay_schedule(const std::filesystem::path& file, const std::vector<ReplayRow>& rows);

class ScheduleReplay final : public TrainingListener {
 public:
  explicit ScheduleReplay(std::vector<ReplayRow> rows);
  // InputError naming the entry when a row names one the registry does not declare (at TrainBegin).
  void on_hook(Hook hook, const TrainingState& state, HyperparameterRegistry& registry) override;
  // The roll-back, like any listener that changes hyperparameters; distance maps when a row sets loss.boundary.
  ListenerNeeds needs() const override;

 private:
  std::vector<ReplayRow> rows_;
};

}  // namespace hypera::core
