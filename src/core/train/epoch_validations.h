#pragma once
// What the trainer does with the validation of an epoch (trainer.cpp calls it at every epoch end): validate in
// line or hand the weights to a background validation (background_validation.h; where:
// validation_placement.h), and take a validation's result through one path: the training state, the schedule,
// Hook::ValidationEnd, the "best" checkpoint, the console line, the state exchange (in line only) and the epoch's
// metrics.csv row. A background validation's row and result come at the next take_pending().
// Training thread only; every rank calls the same functions at the same points (they can be collective).
#include <memory>
#include <optional>

#include "core/train/background_validation.h"
#include "core/train/run_checkpoints.h"
#include "core/train/training_run.h"

namespace hypera::core {

class EpochValidations {
 public:
  // Decides in line or background for the run (after run.build(), listeners and exchange added) and prints a
  // line when background. InputError from validation_placement.h.
  EpochValidations(TrainingRun& run, RunCheckpoints& checkpoints);

  // Validates the epoch of `record`: in the background when that is on and `in_line` is false, else now
  // (collective). Call take_pending() first.
  void validate_epoch(const EpochRecord& record, bool in_line);
  // Writes the metrics.csv row of an epoch without validation.
  void log(const EpochRecord& record);
  // Takes the background validation in flight, if any (collective): waits for it and records its result.
  // True when there was one.
  bool take_pending();

 private:
  void add_background_blocking(double seconds);
  // A validation's metrics of the model `validated` (the run's, or the background snapshot) at the end of
  // record.epoch, through the path described above (but the exchange and the row).
  void accept(const EpochRecord& record, const torch::nn::Module& validated);

  TrainingRun& run_;
  RunCheckpoints& checkpoints_;
  std::unique_ptr<BackgroundValidation> background_;
  std::optional<EpochRecord> waiting_;  // the epoch whose validation is in flight
};

}  // namespace hypera::core
