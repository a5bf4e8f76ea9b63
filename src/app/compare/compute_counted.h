#pragma once
// The compute an arm cost, counted honestly: the seconds of every run it needed, not only of the runs it is
// judged by. Thread-safe; reads META/meta.json for agents-meta.
#include <filesystem>
#include <string>
#include <vector>

#include "app/compare/run_result.h"

namespace hypera::app {

struct ComputeCounted {
  double seconds = 0;   // NaN when a part could not be read (see problem)
  std::string problem;  // empty, or one line naming what could not be read
};

// summary.json timing.total_seconds (a population's population.compute_seconds: every rank's seconds) summed over
// the complete runs of `arm` (every sweep group for constant-tuned; runs that did not complete have no summary and are not counted), plus for agents-meta the
// meta-training seconds from `meta`/meta.json (section meta_train, key seconds; a flat two-level JSON as
// summary_file.h reads).
ComputeCounted compute_counted(const std::vector<RunResult>& runs, const std::string& arm,
                               const std::filesystem::path& meta);

}  // namespace hypera::app
