#pragma once
// Runs the planned training runs as child processes of `executable` (posix_spawn, no shell; a run of several
// ranks as a child `mpiexec -n R --oversubscribe executable ...`, mpiexec found on PATH), at most `jobs` at
// once (a run counts as one job whatever its ranks), each with stdout and stderr appended to its log file. A run whose folder already holds summary.json is
// not started again ("reused"); a run that waits for another starts only after that one finished, and is not
// started at all when that one failed. Runs start in plan order as soon as a slot and their dependency allow.
// Blocks until every run ended. Not thread-safe: it waits for any child process of this process
// (waitpid(-1)), so the caller must have no other children running. Throws std::runtime_error when a
// process cannot be spawned or a log file cannot be opened.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/compare/run_plan.h"

namespace hypera::app {

enum class RunStatus { kStarted, kFinished, kReused, kFailed, kNotRun };

struct RunEvent {
  RunStatus status = RunStatus::kStarted;
  int exit_code = 0;   // kFailed: the exit status, or 128 + signal number when a signal ended the process
  double seconds = 0;  // kFinished, kFailed: wall-clock time of the process
  std::string reason;  // kNotRun: why ("agents seed_1 failed")
};

// The last event of every run, in plan order (kFinished, kReused, kFailed or kNotRun). `on_event` is called
// on the calling thread for every start and end, in the order they happen, with the element of `plan`.
std::vector<RunEvent> launch_runs(const std::filesystem::path& executable, const std::vector<PlannedRun>& plan,
                                  int jobs, const std::function<void(const PlannedRun&, const RunEvent&)>& on_event);

}  // namespace hypera::app
