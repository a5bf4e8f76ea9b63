#pragma once
// The schedule that the agents-openloop control replays: the mean over the agents-meta runs of what their
// agents set, without the feedback that made them set it. Read from the runs' hparams.csv (hparams_file.h):
// only rank 0's writes by an agent count (writer not one of config, schedule, resume, trainer, replay).
// The replay file (`train --train.replay_schedule`) has the header "step,name,value" and one row per change,
// "from step S on, set name to value", sorted by step (then name). Thread-safe.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "app/compare/hparams_file.h"
#include "core/train/schedule_replay.h"

namespace hypera::app {

using ScheduleChange = core::ReplayRow;  // "from step S on, set name to value"

// True for a write by an agent: `writer` is none of config, schedule, resume, trainer, replay.
bool is_agent_writer(const std::string& writer);

// For every hyperparameter that an agent wrote in any run and every step at which any run's agents wrote it:
// the mean, over the runs whose agents wrote it, of the value in effect after that step's writes (the new value
// of the run's last agent write at or before the step, in file order; before its first one, that write's old
// value). Sorted by step, then name. Pure; cost O(names x steps x writes).
std::vector<ScheduleChange> mean_agent_schedule(const std::vector<std::vector<HparamWrite>>& runs);

}  // namespace hypera::app
