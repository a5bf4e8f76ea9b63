#include "app/compare/run_result.h"

#include "support/input_error.h"

namespace hypera::app {

RunResult read_run_result(const PlannedRun& run, const RunEvent& end) {
  RunResult result{run.arm, run.group, run.seed, run.folder, false, "", {}};
  if (end.status == RunStatus::kFailed) {
    result.problem = "exit status " + std::to_string(end.exit_code) + ", log " + run.log.string();
  } else if (end.status == RunStatus::kNotRun) {
    result.problem = "not run: " + end.reason;
  } else {
    try {
      result.summary = read_summary(run.folder / "summary.json");
      result.complete = true;
    } catch (const InputError& error) {
      result.problem = std::string(error.what()) + " (log " + run.log.string() + ")";
    }
  }
  return result;
}

}  // namespace hypera::app
