#pragma once
// One epoch of training steps (training_run.h): the rank's shard of the epoch's items, batches from the
// prefetching loader, the hooks (EpochBegin, BatchBegin, Loss, BatchEnd), lr = schedule x lr_scale written at
// BatchBegin, the optimizer parameters, dropout and loss weights read from the registry, and the roll-back:
// when a listener needs it and train.rollback_factor > 0, the model, optimizer and registry of the epoch start
// are kept (rollback_guard.h) and a step that went wrong on any rank restores them (collective).
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/train/rollback_guard.h"
#include "core/train/run_logger.h"
#include "core/train/training_run.h"
#include "data/pipeline/batch_loader.h"

namespace hypera::core {

class EpochLoop {
 public:
  explicit EpochLoop(TrainingRun& run);

  // Optimizer steps of `epoch` at the configured batch size (TrainingState::batches_per_epoch at TrainBegin).
  int64_t planned_batches(int64_t epoch) const;
  // Trains `epoch` on this rank's shard and returns its record (without validation). Adds to run.times.
  // After a resume inside the epoch (run.progress_record.partial) it continues from there. After every step but
  // the epoch's last it asks TrainingRun::stop_agreed: on kSignal it returns std::nullopt with
  // run.progress_record.partial holding where it stopped; on kTimeLimit it sets run.time_limit_reached and
  // returns the record of the steps so far. InputError when the configured batch (times
  // train.accumulate) exceeds the epoch's items; a listener's larger batch size is clamped to the epoch.
  // Collective (gradients, roll-back decisions, stop agreement).
  std::optional<EpochRecord> train(int64_t epoch, data::BatchLoader& loader);

 private:
  // This rank's items of one epoch: one pass over its shard, or train.steps_per_epoch batches of the
  // configured batch size (more passes when needed).
  std::vector<data::Item> epoch_items(int64_t epoch) const;
  uint64_t rank_stream() const;
  bool any_rank(bool flag);

  TrainingRun& run_;
  std::unique_ptr<RollbackGuard> rollback_;  // only when a listener needs it and train.rollback_factor > 0
};

}  // namespace hypera::core
