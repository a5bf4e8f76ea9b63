#include "core/train/validation_placement.h"

#include <algorithm>

#include "support/input_error.h"

namespace hypera::core {

int background_validation_threads(const TrainingRun& run, int cores_for_this_process) {
  const TrainOptions& train = run.config().train;
  if (train.overlap_validation == "off") return 0;
  std::string needs;
  if (run.exchange) {
    needs = "the population ranks its members by each validation";
  } else if (run.listener_needs().validation_before_next_epoch) {
    needs = "the agents read each validation before the next epoch";
  } else if (train.schedule == "plateau") {
    needs = "the plateau schedule reads each validation before the next epoch";
  }
  const int free_cores = cores_for_this_process - train.threads;
  if (train.overlap_validation == "on") {
    if (!needs.empty()) throw InputError("option 'train.overlap_validation': 'on' is not possible here: " + needs);
    return std::max(1, free_cores);
  }
  return needs.empty() && free_cores >= 1 ? free_cores : 0;
}

}  // namespace hypera::core
