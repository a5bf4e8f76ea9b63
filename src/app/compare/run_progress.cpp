#include "app/compare/run_progress.h"

namespace hypera::app {

void count_run_end(core::CountProgress& progress, RunStatus status) {
  switch (status) {
    case RunStatus::kFinished:
    case RunStatus::kFailed:
      progress.finish();
      break;
    case RunStatus::kReused:
      progress.skip("reused");
      break;
    case RunStatus::kNotRun:
      progress.skip("not run");
      break;
    case RunStatus::kStarted:
      break;
  }
}

}  // namespace hypera::app
