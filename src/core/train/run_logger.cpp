#include "core/train/run_logger.h"

#include <algorithm>
#include <fstream>

#include "core/logging/curve_plot.h"
#include "core/measure/finite_means.h"
#include "core/train/text_fields.h"
#include "support/durable_file.h"
#include "support/json_text.h"
#include "support/number_text.h"

namespace hypera::core {
namespace fs = std::filesystem;
namespace {

// The metrics whose value for one sample can be +inf (scores.h: one mask empty). metrics.csv has, for each,
// its mean over the finite values and its count of non-finite values (evaluator.h) in every row.
const std::vector<std::string> kDistanceMetrics = {"hausdorff", "hd95", "assd"};

// The same for every run and every row. Rows of a metrics.csv with other columns (an older layout), kept on
// resume, are rewritten in this one by column name.
const std::vector<std::string> kMetricColumns = [] {
  std::vector<std::string> columns = {"epoch",      "step",    "lr",           "batch_size", "train_loss",
                                      "loss_dice",  "loss_ce", "loss_focal",   "loss_boundary",
                                      "grad_norm",  "val_dice", "val_object_f1", "val_mean_dice"};
  for (const std::string& metric : kDistanceMetrics) {
    columns.push_back("val_" + metric);
    columns.push_back("val_" + nonfinite_name(metric));
  }
  for (const char* timing : {"epoch_seconds", "data_wait_seconds", "images_per_second"}) columns.push_back(timing);
  return columns;
}();
const std::vector<std::string> kHparamColumns = {"step", "epoch", "rank", "writer", "name", "old", "new"};

struct CsvRows {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// The header of an existing CSV and its rows that `keep` accepts (given the row's fields).
template <class Keep>
CsvRows rows_kept(const fs::path& path, Keep keep) {
  CsvRows kept;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return kept;
  kept.header = split_fields(line);
  while (std::getline(in, line)) {
    auto fields = split_fields(line);
    if (keep(fields)) kept.rows.push_back(std::move(fields));
  }
  return kept;
}

// `row`, whose fields are under `header`, in the layout `columns`: each field under its column's name, ""
// under a column that `header` lacks (or that the row is too short for: split_fields drops trailing empties).
std::vector<std::string> in_layout(const std::vector<std::string>& row, const std::vector<std::string>& header,
                                   const std::vector<std::string>& columns) {
  std::vector<std::string> fields;
  for (const std::string& column : columns) {
    const size_t index = std::find(header.begin(), header.end(), column) - header.begin();
    fields.push_back(index < row.size() ? row[index] : std::string());
  }
  return fields;
}

// The integer in `fields[column]`, or -1 when there is none (a damaged row is dropped with the later ones).
int64_t integer_field(const std::vector<std::string>& fields, size_t column) {
  if (fields.size() <= column) return -1;
  try {
    return std::stoll(fields[column]);
  } catch (const std::exception&) {
    return -1;
  }
}

std::string value_or_empty(const std::map<std::string, double>& values, const std::string& key) {
  auto it = values.find(key);
  return it == values.end() ? std::string() : support::format_number(it->second);
}

// The count of non-finite values of `metric` in `validation` (evaluator.h): "" when the epoch was not
// validated, "0" when it was and the count is absent.
std::string nonfinite_count(const std::map<std::string, double>& validation, const std::string& metric) {
  if (validation.empty()) return "";
  const std::string count = value_or_empty(validation, nonfinite_name(metric));
  return count.empty() ? "0" : count;
}

}  // namespace

RunLogger::RunLogger(const fs::path& run_folder, int64_t resume_epoch, int64_t resume_step) : folder_(run_folder) {
  fs::create_directories(folder_);
  const auto old_metrics = rows_kept(folder_ / "metrics.csv", [&](const std::vector<std::string>& row) {
    const int64_t epoch = integer_field(row, 0);
    return epoch >= 0 && epoch < resume_epoch;
  });
  const auto old_hparams = rows_kept(folder_ / "hparams.csv", [&](const std::vector<std::string>& row) {
    const int64_t step = integer_field(row, 0), epoch = integer_field(row, 1);
    return epoch >= 0 && (epoch < resume_epoch || (resume_step >= 0 && epoch == resume_epoch && step <= resume_step));
  });
  metrics_ = std::make_unique<CsvWriter>(folder_ / "metrics.csv", kMetricColumns);
  hparams_ = std::make_unique<CsvWriter>(folder_ / "hparams.csv", kHparamColumns);
  for (const auto& old_row : old_metrics.rows) {
    metric_rows_.push_back(in_layout(old_row, old_metrics.header, kMetricColumns));
    metrics_->write_row(metric_rows_.back());
  }
  for (const auto& row : old_hparams.rows) hparams_->write_row(row);
  events_ = std::make_unique<TensorBoardWriter>(folder_);
}

void RunLogger::write_config(const std::string& resolved_ini) const {
  support::write_file_atomically(folder_ / "config.ini", resolved_ini);
}

void RunLogger::observe(HyperparameterRegistry& registry) {
  registry.add_observer([this](const HyperparameterWrite& write) {
    hparams_->write_row({std::to_string(step_), std::to_string(epoch_), "0", write.writer, write.name,
                         support::format_number(write.old_value), support::format_number(write.new_value)});
    events_->add_scalar("hparams/" + write.name, write.new_value, step_);
  });
}

void RunLogger::log_epoch(const EpochRecord& r) {
  std::vector<std::string> row = {std::to_string(r.epoch),
                                  std::to_string(r.step),
                                  support::format_number(r.lr),
                                  std::to_string(r.batch_size),
                                  support::format_number(r.train_loss),
                                  value_or_empty(r.loss_terms, "dice"),
                                  value_or_empty(r.loss_terms, "ce"),
                                  value_or_empty(r.loss_terms, "focal"),
                                  value_or_empty(r.loss_terms, "boundary"),
                                  support::format_number(r.gradient_norm),
                                  value_or_empty(r.validation, "dice"),
                                  value_or_empty(r.validation, "object_f1"),
                                  value_or_empty(r.validation, "mean_dice")};
  for (const std::string& metric : kDistanceMetrics) {
    row.push_back(value_or_empty(r.validation, metric));
    row.push_back(nonfinite_count(r.validation, metric));
  }
  for (double timing : {r.epoch_seconds, r.data_wait_seconds, r.images_per_second}) {
    row.push_back(support::format_number(timing));
  }
  metrics_->write_row(row);
  metric_rows_.push_back(row);

  events_->add_scalar("train/loss", r.train_loss, r.step);
  for (const auto& [term, value] : r.loss_terms) events_->add_scalar("loss/" + term, value, r.step);
  for (const auto& [metric, value] : r.validation) events_->add_scalar("val/" + metric, value, r.step);
  events_->add_scalar("train/grad_norm", r.gradient_norm, r.step);
  events_->add_scalar("train/lr", r.lr, r.step);
  events_->add_scalar("time/images_per_second", r.images_per_second, r.step);
  events_->add_scalar("time/data_wait_fraction", r.epoch_seconds > 0 ? r.data_wait_seconds / r.epoch_seconds : 0,
                      r.step);
  events_->flush();
}

std::string summary_json(const std::map<std::string, std::map<std::string, double>>& sections) {
  std::string json = "{";
  const char* separator = "\n  ";
  for (const auto& [section, values] : sections) {
    std::vector<std::string> members;
    for (const auto& [key, value] : values) members.push_back(support::json_member(key, support::json_number(value)));
    json += separator + support::json_member(section, support::json_object(members));
    separator = ",\n  ";
  }
  return json + "\n}\n";
}

void RunLogger::write_summary(const std::map<std::string, std::map<std::string, double>>& sections) const {
  support::write_file_atomically(folder_ / "summary.json", summary_json(sections));
}

void RunLogger::plot() const {
  auto column = [&](const std::string& name) {
    const size_t index = std::find(kMetricColumns.begin(), kMetricColumns.end(), name) - kMetricColumns.begin();
    Series series{name, {}, {}};
    for (const auto& row : metric_rows_) {
      if (index < row.size() && !row[index].empty()) {
        series.x.push_back(std::stod(row[0]) + 1);
        series.y.push_back(std::stod(row[index]));
      }
    }
    return series;
  };
  std::vector<Series> validation;
  for (const char* metric : {"val_dice", "val_object_f1", "val_mean_dice"}) {
    Series series = column(metric);
    if (!series.x.empty()) validation.push_back(std::move(series));
  }
  plot_curves(folder_ / "loss_curve.png", {column("train_loss")}, "epoch");
  if (!validation.empty()) plot_curves(folder_ / "validation_curve.png", validation, "epoch");
}

}  // namespace hypera::core
