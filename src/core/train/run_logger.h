#pragma once
// The files of a run folder that describe training as it happens: config.ini (resolved), hparams.csv
// (every registry write), metrics.csv (one row per epoch), TensorBoard scalars, learning-curve plot,
// summary.json. Called from the training thread of the rank that writes outputs.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/logging/csv_writer.h"
#include "core/logging/tensorboard_writer.h"
#include "core/train/hyperparameter_registry.h"

namespace hypera::core {

struct EpochRecord {
  int64_t epoch = 0;  // 0-based
  int64_t step = 0;
  double lr = 0;
  int64_t batch_size = 0;
  double train_loss = 0;                     // mean composite loss over the epoch
  std::map<std::string, double> loss_terms;  // mean of each term
  double gradient_norm = 0;                  // mean over the epoch
  std::map<std::string, double> validation;  // empty when the epoch was not validated
  double epoch_seconds = 0;
  double data_wait_seconds = 0;
  double images_per_second = 0;
};

class RunLogger {
 public:
  // Creates the folder and its CSV files. When resuming at `resume_epoch` > 0, the rows of earlier epochs
  // in an existing metrics.csv and hparams.csv are kept and later ones dropped (those epochs run again); kept
  // metrics.csv rows of another column layout (an older version's) are rewritten in today's by column name.
  // resume_step >= 0: the run resumes inside epoch resume_epoch after that optimizer step, and that epoch's
  // hparams.csv rows up to the step are kept too (rows that do not parse are dropped).
  RunLogger(const std::filesystem::path& run_folder, int64_t resume_epoch, int64_t resume_step = -1);

  void write_config(const std::string& resolved_ini) const;
  // Logs every write of `registry` from now on to hparams.csv and TensorBoard ("hparams/<name>").
  void observe(HyperparameterRegistry& registry);
  // Sets the step and epoch that registry writes are logged with.
  void set_position(int64_t step, int64_t epoch) {
    step_ = step;
    epoch_ = epoch;
  }

  // Appends the epoch's row to metrics.csv, whose columns are the same in every row and every run: epoch, step,
  // lr, batch_size, train_loss, the loss terms, grad_norm, val_dice, val_object_f1, val_mean_dice, then for each
  // distance metric m of hausdorff, hd95, assd (the metrics that can be infinite for one sample) val_<m> (its mean over
  // the finite values) and val_<m>_nonfinite (the count of non-finite values, 0 when the validation has no
  // <m>_nonfinite entry: evaluator.h), then the timings. Fields of an epoch without validation are empty.
  // Also writes every validation entry to TensorBoard ("val/<name>").
  void log_epoch(const EpochRecord& record);
  // Writes summary.json atomically; `sections` maps a section name to its key/value pairs.
  void write_summary(const std::map<std::string, std::map<std::string, double>>& sections) const;
  // Redraws learning_curves.png from every epoch logged so far (this process and, on resume, metrics.csv).
  void plot() const;

  const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path folder_;
  std::unique_ptr<CsvWriter> metrics_;
  std::unique_ptr<CsvWriter> hparams_;
  std::unique_ptr<TensorBoardWriter> events_;
  std::vector<std::vector<std::string>> metric_rows_;  // every metrics.csv row, for the plot
  int64_t step_ = 0;
  int64_t epoch_ = 0;
};

// The text of summary.json (and of other flat two-level JSON files, e.g. meta-train's meta.json): one object of
// sections, each an object of numbers in key order on one line, non-finite numbers as null (support/json_text.h).
// Thread-safe.
std::string summary_json(const std::map<std::string, std::map<std::string, double>>& sections);

}  // namespace hypera::core
