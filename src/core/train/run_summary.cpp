#include "core/train/run_summary.h"

#include <algorithm>

#include "core/train/cleanup_choice.h"
#include "core/train/evaluator.h"
#include "core/train/metric_lines.h"
#include "parallel/module_sync.h"
#include "support/cpu_features.h"

namespace hypera::core {
namespace {

std::map<std::string, double> replica_check(TrainingRun& run) {
  const double difference = parallel::replica_divergence(*run.group, *run.model);
  double participants_difference = 0;
  for (auto* participant : run.participants) {
    participants_difference = std::max(participants_difference, participant->divergence());
  }
  return {{"identical", difference == 0 && participants_difference == 0 ? 1.0 : 0.0},
          {"max_abs_difference", difference},
          {"listeners_max_abs_difference", participants_difference}};
}

// "none", "largest_component", "fill_holes", "largest_component+fill_holes".
std::string key_of(const MaskCleanup& cleanup) {
  if (cleanup.largest_component && cleanup.fill_holes) return "largest_component+fill_holes";
  if (cleanup.largest_component) return "largest_component";
  return cleanup.fill_holes ? "fill_holes" : "none";
}

// Chooses the "auto" clean-up steps on the validation split with the best checkpoint (loaded), applies the
// choice to the test evaluation, records it in summary.json's "cleanup" section and RUN/cleanup.ini.
void choose_run_cleanup(TrainingRun& run, RunSummary& summary) {
  const RunConfig& c = run.config();
  const CleanupChoice choice = choose_cleanup(run.model, *run.validation, run.target(), run.prediction, c.cleanup,
                                              c.train.select_metric, *run.group);
  run.prediction.cleanup = choice.chosen;
  auto& section = summary["cleanup"];
  section["largest_component"] = choice.chosen.largest_component ? 1.0 : 0.0;
  section["fill_holes"] = choice.chosen.fill_holes ? 1.0 : 0.0;
  std::string tried;
  for (const auto& [candidate, score] : choice.candidates) {
    section["validation_" + c.train.select_metric + "_" + key_of(candidate)] = score;
    tried += (tried.empty() ? "" : ", ") + candidate.text() + " " + short_number(score);
  }
  if (run.writes_outputs()) write_cleanup_choice(run.options.run_folder, choice.chosen);
  run.message("clean-up of predicted masks: " + choice.chosen.text() + " (validation " + c.train.select_metric +
              ": " + tried + ")");
}

}  // namespace

RunSummary summarize_run(TrainingRun& run, RunCheckpoints& checkpoints, double total_seconds) {
  const RunConfig& c = run.config();
  const RunTimes& times = run.times;
  RunSummary summary;
  if (run.options.verify_replicas) summary["verify_replicas"] = replica_check(run);
  summary["best"] = {{"epoch", double(run.progress_record.best_epoch + 1)},
                     {c.train.select_metric, run.progress_record.best_metric}};
  summary["timing"] = {{"total_seconds", total_seconds},
                       {"train_seconds", times.train},
                       {"data_wait_seconds", times.data_wait},
                       {"compute_seconds", times.train - times.data_wait},
                       {"validation_seconds", times.validation},
                       {"validation_blocking_seconds", times.validation_blocking},
                       {"background_validations", double(times.background_validations)},
                       {"background_validation_blocking_seconds", times.background_blocking},
                       {"listener_support_seconds", 1e-9 * double(run.listener_support_nanoseconds.load())},
                       {"data_wait_fraction", times.train > 0 ? times.data_wait / times.train : 0}};
  summary["compute"] = {{"bf16_autocast", run.precision.bf16 ? 1.0 : 0.0},
                        {"cpu_computes_bf16", support::this_cpu().computes_bf16() ? 1.0 : 0.0},
                        {"channels_last", run.prediction.channels_last ? 1.0 : 0.0},
                        {"cuda_device", run.device.device.is_cuda() ? double(run.device.device.index()) : -1.0},
                        {"threads", double(c.train.threads)}};
  summary["training"] = {{"epochs", double(c.train.epochs)},
                         {"steps", double(run.training_state.step)},
                         {"skipped_steps", double(times.skipped_steps)},
                         {"rollbacks", double(run.training_state.rollbacks)},
                         {"seconds", run.seconds()},  // training and validation, summed over resumes
                         {"time_limit_reached", run.time_limit_reached ? 1.0 : 0.0}};
  if (c.train.time_limit > 0) summary["training"]["time_limit_share"] = run.seconds() / (60 * c.train.time_limit);
  if (!run.training_state.validation.empty()) summary["final_validation"] = run.training_state.validation;
  const bool test_wanted = c.train.evaluate_test && (!run.options.test_wanted ||
                                                     run.options.test_wanted(run.progress_record.best_metric));
  const bool choose = cleanup_to_choose(c.cleanup, run.has_instances);
  if ((test_wanted || choose) && run.progress_record.best_epoch >= 0) {
    run.group->barrier();  // rank 0 has written the best checkpoint that every rank loads now
    checkpoints.load_best();
    if (choose) choose_run_cleanup(run, summary);
  }
  if (test_wanted && run.progress_record.best_epoch >= 0) {
    const auto test = data::SampleCache::of_split(run.dataset, "test");
    summary["test"] = evaluate(run.model, *test, run.target(), run.prediction, 0, *run.group);
    const std::string line = "test (best checkpoint, epoch " + std::to_string(run.progress_record.best_epoch + 1) + ")";
    run.message(line + headline_metrics(summary["test"], c.train.select_metric));
  }
  for (auto* participant : run.participants) participant->summarize(summary);
  if (run.logger) run.logger->write_summary(summary);
  return summary;
}

}  // namespace hypera::core
