#include "core/train/trainer.h"

#include <chrono>
#include <optional>
#include <stdexcept>

#include "core/logging/progress_display.h"
#include "core/train/epoch_loop.h"
#include "core/train/epoch_validations.h"
#include "core/train/run_checkpoints.h"
#include "core/train/run_classes.h"
#include "core/train/run_summary.h"
#include "core/train/training_run.h"
#include "data/pipeline/batch_loader.h"
#include "parallel/gradient_reducer.h"
#include "support/blas_core.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Gradients averaged over the run's gradient collective (or its collective), or left as they are in a world of
// one rank. Several ranks whose collective computes elsewhere than the model are an InputError (hypera_dist
// train refuses them before reading data).
std::unique_ptr<parallel::GradientSync> gradient_sync(TrainingRun& run) {
  comm::Collective* collective =
      run.options.gradient_collective ? run.options.gradient_collective : run.options.collective;
  const torch::Device device = run.device.device;
  if (collective && collective->device() != device) {
    if (collective->size() == 1) return std::make_unique<parallel::LocalGradientSync>();
    throw InputError("option 'train.device': " + device.str() + " with " + std::to_string(collective->size()) +
                     " ranks needs a build with NCCL (the gradients are averaged on the device)");
  }
  if (collective) return std::make_unique<parallel::GradientReducer>(*collective, *run.model);
  return std::make_unique<parallel::LocalGradientSync>();
}

}  // namespace

Trainer::Trainer(TrainerOptions options, data::PreparedDataset dataset)
    : run_(std::make_unique<TrainingRun>(std::move(options), std::move(dataset))) {}
Trainer::~Trainer() = default;

void Trainer::add_listener(TrainingListener* listener) { run_->listeners.push_back(listener); }
void Trainer::add_participant(RunParticipant* participant) { run_->participants.push_back(participant); }
void Trainer::set_state_exchange(StateExchange* exchange) { run_->exchange = exchange; }
HyperparameterRegistry& Trainer::registry() { return run_->registry; }

RunSummary Trainer::run() {
  TrainingRun& run = *run_;
  const auto run_start = Clock::now();
  const RunConfig& c = run.config();
  if (run.options.console && run.writes_outputs()) {
    run.progress = std::make_unique<ProgressDisplay>(*run.options.console, run.options.console_is_terminal);
  }
  run.build();
  run.message("device: " + run.device.reason + "; precision: " + run.precision.reason + "; CPU: " +
              support::cpu_description());
  if (const std::string blas = support::blas_core_warning(support::openblas_core(), support::this_cpu()); !blas.empty()) {
    run.message(blas);
  }
  RunCheckpoints checkpoints(run);
  checkpoints.resume_if_asked();
  run.gradients = gradient_sync(run);
  if (run.writes_outputs()) {
    const bool inside_epoch = run.progress_record.partial.batches_done > 0;
    run.logger = std::make_unique<RunLogger>(run.options.run_folder, run.progress_record.next_epoch,
                                             inside_epoch ? run.progress_record.step : -1);
    run.logger->write_config(run.options.resolved_ini);
    write_run_classes(run.options.run_folder, run.dataset.info().class_names);
    write_run_channels(run.options.run_folder, run.dataset.info().channel_names);
    run.logger->observe(run.registry);
  }
  run.started = Clock::now();
  run.seconds_before = run.progress_record.seconds;
  run.agreed_seconds = run.seconds_before;
  EpochLoop epochs(run);
  run.training_state.epochs = c.train.epochs;
  run.training_state.epoch = run.progress_record.next_epoch;
  run.training_state.validate_every = c.train.validate_every;
  run.training_state.batches_per_epoch = epochs.planned_batches(run.progress_record.next_epoch);

  data::BatchLoader loader(run.training, c.train.workers);
  run.emit(Hook::TrainBegin);
  // A stop request ends the run at the step the ranks agreed on: inside an epoch after the "stopped" checkpoint,
  // at an epoch's end after its "last" one.
  EpochValidations validations(run, checkpoints);
  const auto stop = [&](int64_t epoch, int64_t batches_done) {
    // A validation in flight is taken first; at an epoch end "last" is written again to hold its best.
    if (validations.take_pending() && batches_done == 0) checkpoints.save("last");
    if (batches_done > 0) checkpoints.save("stopped");
    run.message("stop requested: checkpoint written at epoch " + std::to_string(epoch + 1) +
                (batches_done > 0 ? ", batch " + std::to_string(batches_done) : std::string(", its end")) +
                "; --resume auto continues");
    throw RunStopped{epoch, batches_done};
  };
  for (int64_t epoch = run.progress_record.next_epoch; epoch < c.train.epochs; ++epoch) {
    std::optional<EpochRecord> trained = epochs.train(epoch, loader);
    if (!trained) stop(epoch, run.progress_record.partial.batches_done);
    EpochRecord& record = *trained;
    // At an epoch's end: a time limit makes it the last (validated); a signal ends the run after its checkpoint.
    using StopReason = TrainingRun::StopReason;
    const StopReason reason =
        epoch + 1 < c.train.epochs && !run.time_limit_reached ? run.stop_agreed() : StopReason::kNone;
    if (reason == StopReason::kTimeLimit) {
      run.time_limit_reached = true;
      run.message("train.time_limit reached after epoch " + std::to_string(epoch + 1) + ": it is the last");
    }
    const bool last = epoch + 1 == c.train.epochs || run.time_limit_reached;
    const bool validate_now = (epoch + 1) % c.train.validate_every == 0 || last;
    validations.take_pending();  // an earlier epoch's, before this one's
    run.progress_record.next_epoch = epoch + 1;
    if (validate_now) {
      validations.validate_epoch(record, last || reason == StopReason::kSignal);
    } else {
      validations.log(record);
    }
    checkpoints.save("last");
    run.emit(Hook::EpochEnd);
    if (run.time_limit_reached) break;
    if (reason == StopReason::kSignal || (!last && run.stop_agreed() == StopReason::kSignal)) stop(epoch, 0);
  }
  if (c.train.schedule_over == "time" && !run.time_limit_reached) {
    run.message("train.epochs (" + std::to_string(c.train.epochs) + ") ended the run after " +
                format_duration(run.seconds()) + " of train.time_limit's " + format_duration(60 * c.train.time_limit) +
                ", before the end of its time schedule; raise train.epochs to use the whole budget");
  }
  run.emit(Hook::TrainEnd);
  if (run.logger) run.logger->plot();
  RunSummary summary = summarize_run(run, checkpoints, seconds_since(run_start));
  if (run.options.verify_replicas && summary["verify_replicas"]["identical"] != 1.0) {
    throw std::runtime_error("--verify-replicas: the ranks' models or agents differ (largest differences " +
                             std::to_string(summary["verify_replicas"]["max_abs_difference"]) + ", " +
                             std::to_string(summary["verify_replicas"]["listeners_max_abs_difference"]) + ")");
  }
  return summary;
}

}  // namespace hypera::core
