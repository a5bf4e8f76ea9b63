#pragma once
// The outcome of one planned run as the report sees it: complete (with its summary.json) or not (and why).
#include <filesystem>
#include <string>

#include "app/compare/run_launcher.h"
#include "app/compare/run_plan.h"
#include "app/compare/summary_file.h"

namespace hypera::app {

struct RunResult {
  std::string arm;
  std::string group;  // the arm's run group (run_plan.h): the arm, or a sweep group of constant-tuned
  int seed = 0;
  std::filesystem::path folder;  // the run folder
  bool complete = false;         // the run finished or was reused, and its summary.json was read
  std::string problem;           // when not complete: one line saying why, naming the log file
  SummarySections summary;       // empty when not complete
};

// The result of `run`, whose last launch event is `end`: a finished or reused run whose summary.json is
// missing or unreadable is not complete either (the problem names the file). Reads the file; thread-safe.
RunResult read_run_result(const PlannedRun& run, const RunEvent& end);

}  // namespace hypera::app
