#pragma once
// The ends of launched runs (run_launcher.h) counted into the progress line of compare and meta-train
// (core/logging/count_progress.h). Called from the launching thread, as launch_runs's events are.
#include "app/compare/run_launcher.h"
#include "core/logging/count_progress.h"

namespace hypera::app {

// A run that ran (kFinished, kFailed) counts as a finished item, whose time sets the ETA's pace; a reused run
// (kReused) as skipped "reused"; a run never started (kNotRun) as skipped "not run". kStarted counts nothing.
void count_run_end(core::CountProgress& progress, RunStatus status);

}  // namespace hypera::app
