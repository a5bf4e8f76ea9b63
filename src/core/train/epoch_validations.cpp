#include "core/train/epoch_validations.h"

#include <chrono>

#include "core/train/evaluator.h"
#include "core/train/metric_lines.h"
#include "core/train/validation_placement.h"
#include "support/cpu_features.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The validation metrics of the current model (train.max_validation_samples of the split). Collective.
std::map<std::string, double> validate(TrainingRun& run) {
  const auto start = Clock::now();
  auto metrics = evaluate(run.model, *run.validation, run.target(), run.prediction,
                          run.config().train.max_validation_samples, *run.group);
  run.times.validation += seconds_since(start);
  run.times.validation_blocking += seconds_since(start);
  return metrics;
}

double selection_value(const TrainingRun& run, const std::map<std::string, double>& metrics) {
  const std::string& name = run.config().train.select_metric;
  const auto it = metrics.find(name);
  if (it == metrics.end()) {
    throw InputError("option 'train.select_metric': '" + name + "' is not measured on this data set");
  }
  return it->second;
}

}  // namespace

EpochValidations::EpochValidations(TrainingRun& run, RunCheckpoints& checkpoints) : run_(run), checkpoints_(checkpoints) {
  const int threads = background_validation_threads(run, support::cores_for_this_process());
  if (threads == 0) return;
  BackgroundValidationSetup setup{run.validation, run.target(), run.prediction,
                                  run.config().train.max_validation_samples, run.group->rank(),
                                  run.group->size(), threads};
  background_ = std::make_unique<BackgroundValidation>(run.model, std::move(setup));
  run.message("validation: in the background on " + std::to_string(threads) + " thread(s) while training goes on "
              "(train.overlap_validation)");
}

void EpochValidations::validate_epoch(const EpochRecord& record, bool in_line) {
  if (background_ && !in_line) {
    const auto start = Clock::now();
    background_->start(run_.model);
    waiting_ = record;
    add_background_blocking(seconds_since(start));
    return;
  }
  EpochRecord validated = record;
  validated.validation = validate(run_);
  accept(validated, *run_.model);
  if (run_.exchange) {
    MemberState member{*run_.model, *run_.optimizer, run_.registry, *run_.schedule};
    run_.exchange->after_validation(run_.training_state, selection_value(run_, validated.validation), member);
  }
  log(validated);
}

void EpochValidations::log(const EpochRecord& record) {
  if (run_.logger) run_.logger->log_epoch(record);
}

bool EpochValidations::take_pending() {
  if (!waiting_) return false;
  const auto start = Clock::now();
  waiting_->validation = background_->finish(*run_.group);
  add_background_blocking(seconds_since(start));
  ++run_.times.background_validations;
  run_.times.validation += background_->last_seconds();
  accept(*waiting_, *background_->snapshot());
  log(*waiting_);
  waiting_.reset();
  return true;
}

void EpochValidations::add_background_blocking(double seconds) {
  run_.times.validation_blocking += seconds;
  run_.times.background_blocking += seconds;
}

void EpochValidations::accept(const EpochRecord& record, const torch::nn::Module& validated) {
  run_.training_state.validation = record.validation;
  const double value = selection_value(run_, record.validation);
  run_.schedule->observe_validation(value);
  run_.emit(Hook::ValidationEnd);
  if (value > run_.progress_record.best_metric) {
    run_.progress_record.best_metric = value;
    run_.progress_record.best_epoch = record.epoch;
    checkpoints_.save_best(validated);
  }
  const std::string line = "epoch " + std::to_string(record.epoch + 1) + " validation";
  run_.message(line + headline_metrics(record.validation, run_.config().train.select_metric));
}

}  // namespace hypera::core
