#pragma once
// The hook points the trainer emits (docs/ARCHITECTURE.md), the listener interface a coordinator implements
// for them, and the run-participant interface of listeners with state of their own (checkpoints, summary).
// The trainer never knows who listens; baseline training has no listener. Listeners run on the training
// thread, synchronously, and change training only by writing the registry.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/train/hyperparameter_registry.h"

namespace hypera::core {

enum class Hook {
  TrainBegin,
  EpochBegin,     // batch size, augmentation are read after this
  BatchBegin,     // lr = schedule x lr_scale, then the optimizer parameters are read after this
  Loss,           // loss weights are read after this; `state.loss_terms` holds the previous batch's terms
  BatchEnd,       // gradient statistics of the batch are in the state
  ValidationEnd,  // validation metrics are in the state
  EpochEnd,
  TrainEnd,
};

const char* hook_name(Hook hook);

// What listeners may observe. Values are those of the most recent batch / validation.
struct TrainingState {
  int64_t epoch = 0;  // 0-based; at TrainBegin the epoch training starts (or resumes) at
  int64_t epochs = 0;
  int64_t step = 0;  // optimizer steps taken in the run so far
  int64_t batch_in_epoch = 0;
  int64_t batches_per_epoch = 0;  // of the current epoch; at TrainBegin: planned at the configured batch size
  int64_t validate_every = 1;     // train.validate_every (the last epoch always validates)
  double train_loss = 0;                     // composite loss of the last batch
  std::map<std::string, double> loss_terms;  // "dice", "ce", "focal" and, when distance maps exist, "boundary" of the last batch
  double gradient_norm = 0;                  // global L2 norm of the last batch's gradients
  std::map<std::string, double> validation;  // "dice", "object_f1", ... of the last validation
  std::string select_metric;                 // the validation metric that selects the best checkpoint
  // Roll-backs so far (trainer.h): a non-finite or exploding loss restored the state of the epoch start.
  // Listeners see the new count at the BatchEnd of the offending batch.
  int64_t rollbacks = 0;
  double progress() const {
    return batches_per_epoch > 0 ? (epoch + double(batch_in_epoch) / batches_per_epoch) / epochs
                                 : double(epoch) / epochs;
  }
};

// What a listener needs the trainer to do for it beyond calling its hooks. Asked once, when run() builds the
// run; the trainer does none of it for a run without listeners (the fixed-schedule baseline).
struct ListenerNeeds {
  // It may raise loss.boundary during the run: the trainer keeps the signed distance maps of the training
  // samples (4 bytes per voxel and foreground class; their cost is counted as the listeners').
  bool distance_maps = false;
  // It changes hyperparameters during the run: with train.rollback_factor > 0 the trainer keeps the state of
  // every epoch start and rolls back a step whose loss is not finite or explodes (trainer.h).
  bool rollback = false;
  // It reads each validation (Hook::ValidationEnd, TrainingState::validation) before the next epoch trains, so
  // validations run in line, never in the background (train.overlap_validation).
  bool validation_before_next_epoch = true;
};

// Called at every hook point, in the order added (Trainer::add_listener).
class TrainingListener {
 public:
  virtual ~TrainingListener() = default;
  virtual void on_hook(Hook hook, const TrainingState& state, HyperparameterRegistry& registry) = 0;
  virtual ListenerNeeds needs() const { return {}; }
};

// A part of the run with state of its own beyond the registry (the agents): it joins the checkpoints, the
// summary and the replica check (Trainer::add_participant). Every method runs on every rank.
class RunParticipant {
 public:
  virtual ~RunParticipant() = default;
  // Called once at the end of run(), after the trainer filled its own sections ("timing", "training", ...);
  // a participant may add sections of its own (summary.json). It may communicate here (collective).
  virtual void summarize(std::map<std::string, std::map<std::string, double>>& summary) = 0;
  // Called in the order added, whenever the trainer writes the "last" checkpoint; `folder` is the checkpoint's
  // temporary folder on rank 0 and empty on the other ranks. It may gather its state (collective) and, on rank
  // 0, write files into `folder`; it returns their names, which the checkpoint's MANIFEST then covers with
  // sizes and checksums.
  virtual std::vector<std::string> write_checkpoint(const std::filesystem::path& folder) = 0;
  // Resume: every rank reads what write_checkpoint wrote, from the complete checkpoint `folder`.
  virtual void read_checkpoint(const std::filesystem::path& folder) = 0;
  // --verify-replicas (collective): the largest difference of its replicated state between any rank and rank
  // 0; 0 when identical.
  virtual double divergence() = 0;
};

}  // namespace hypera::core
