#pragma once
// Where a run's validations run: in line (the training thread waits) or in the background while the next epoch
// trains (background_validation.h), from train.overlap_validation and what the run needs.
#include <string>

#include "core/train/training_run.h"

namespace hypera::core {

// Threads for background validations, or 0 for validations in line. train.overlap_validation:
//   "off"   0.
//   "on"    max(1, free cores), where free cores = support::cores_for_this_process() - train.threads; InputError
//           naming the option when something needs each validation before the next epoch trains: a listener
//           (ListenerNeeds::validation_before_next_epoch, e.g. the agents), a population (run.exchange) or the
//           plateau schedule.
//   "auto"  as "on" when nothing needs that and free cores >= 1, else 0.
// Call after run.build(), with every listener and the exchange added.
int background_validation_threads(const TrainingRun& run, int cores_for_this_process);

}  // namespace hypera::core
