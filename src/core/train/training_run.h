#pragma once
// What one training run is made of, shared by the parts that carry it out (trainer.h runs them in order):
//   build()             the model, optimizer, schedule, sample caches, step and prediction options, from the
//                       config and what the listeners need (run_builder.cpp);
//   RunCheckpoints      resume and the best/last checkpoints with the participants' files (run_checkpoints.h);
//   EpochLoop           one epoch of steps with its roll-back (epoch_loop.h);
//   summarize_run       the test evaluation and summary.json (run_summary.h).
// Who writes what: build() every model part; the epoch loop the training state, the registry's lr and batch
// size, and the run times; the checkpoints progress_record. Listeners and participants are not owned and
// outlive the run. Not thread-safe, except listener_support_nanoseconds (the loader's threads add to it).
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "comm/collective.h"
#include "comm/single_rank.h"
#include "core/logging/progress_display.h"
#include "core/train/checkpoint_store.h"
#include "core/train/device_choice.h"
#include "core/train/hyperparameter_registry.h"
#include "core/train/lr_schedule.h"
#include "core/train/optimizer_factory.h"
#include "core/train/precision_choice.h"
#include "core/train/run_logger.h"
#include "core/train/state_exchange.h"
#include "core/train/segmentation_predictor.h"
#include "core/train/trainer.h"
#include "core/train/training_hooks.h"
#include "core/train/training_step.h"
#include "data/pipeline/items.h"
#include "data/pipeline/sample_cache.h"
#include "parallel/gradient_sync.h"

namespace hypera::core {

// Seconds the run spent, summed over its epochs and validations (summary.json's "timing").
struct RunTimes {
  double train = 0, data_wait = 0;
  double validation = 0;           // computing validations, in line or on the background thread
  double validation_blocking = 0;  // the training thread's wall time for validations: in line, snapshots, waits
  double background_blocking = 0;  // of that, for background validations (snapshots and waits)
  int64_t background_validations = 0;
  int64_t skipped_steps = 0;  // steps with a non-finite loss or gradient
};

struct TrainingRun {
  TrainingRun(TrainerOptions options, data::PreparedDataset dataset);

  // Builds everything below from the config: sample caches (with distance maps when the boundary weight is
  // > 0 or a listener needs them), items, model, optimizer, schedule, step and prediction options. InputError
  // for a configuration that the data set cannot satisfy (empty training split, class weights).
  void build();

  const RunConfig& config() const { return options.config; }
  bool writes_outputs() const { return group->rank() == 0; }
  data::TargetKind target() const { return dataset.info().target_kind; }
  ListenerNeeds listener_needs() const;  // what any listener needs
  void emit(Hook hook);                  // every listener's on_hook, in order
  void message(const std::string& text);  // a console line (rank 0 with a console)
  // Why the run should end before its last epoch, agreed by the ranks of the resume group: kSignal when
  // options.stop_requested returned true on any rank (exit, resume later), else kTimeLimit when any rank's
  // seconds() passed train.time_limit (end the run now, test evaluation included), else kNone. With a time
  // limit it also sets agreed_seconds. Collective
  // over that group when it has more than one rank and a request function or a time limit exists.
  enum class StopReason { kNone = 0, kTimeLimit = 1, kSignal = 2 };
  StopReason stop_agreed();
  // Wall seconds of training and validation so far, summed over resumes (progress_record.seconds at the
  // start of run() plus the time since).
  double seconds() const;
  // Adds the time since `start` to the listeners' cost (work the trainer does only for them).
  void add_listener_support(std::chrono::steady_clock::time_point start);

  TrainerOptions options;
  data::PreparedDataset dataset;
  comm::SingleRank single_rank;
  comm::Collective* group;  // options.collective, or single_rank
  HyperparameterRegistry registry;
  std::vector<TrainingListener*> listeners;
  std::vector<RunParticipant*> participants;
  StateExchange* exchange = nullptr;  // a population member's, or none
  TrainingState training_state;

  std::shared_ptr<const data::SampleCache> training, validation;
  bool has_instances = false;  // the samples carry object ids (BBBC039), so masks are not cleaned up
  std::vector<data::Item> training_items;
  UNet model{nullptr};
  OptimizerChoice optimizer_choice;
  std::unique_ptr<torch::optim::Optimizer> optimizer;
  std::unique_ptr<LearningRateSchedule> schedule;
  std::unique_ptr<parallel::GradientSync> gradients;
  DeviceChoice device;        // train.device resolved for this rank
  PrecisionChoice precision;  // train.precision resolved on this machine and device
  PredictionOptions prediction;
  StepOptions step_options;

  TrainingProgress progress_record;
  std::chrono::steady_clock::time_point started;  // when this process's part of the run began (after resume)
  double seconds_before = 0;                      // progress_record.seconds at that moment
  bool time_limit_reached = false;
  // seconds() as the ranks agreed on it at the last stop_agreed() with a time limit (the largest over the ranks;
  // seconds_before until then): what train.schedule_over = time reads, the same on every rank.
  double agreed_seconds = 0;
  std::unique_ptr<RunLogger> logger;          // rank 0
  std::unique_ptr<ProgressDisplay> progress;  // rank 0 with a console
  RunTimes times;
  // What the trainer does only because listeners exist: signed distance maps (when the boundary weight is 0)
  // and the roll-back guard's copies. Counted as the listeners' cost in summary.json.
  std::atomic<int64_t> listener_support_nanoseconds{0};
};

}  // namespace hypera::core
