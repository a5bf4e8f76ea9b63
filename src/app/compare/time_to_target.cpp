#include "app/compare/time_to_target.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include "app/compare/statistics.h"
#include "core/train/text_fields.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::app {
namespace {

// The index of column `name` in `header`; throws naming the file when it is missing.
std::size_t column(const std::vector<std::string>& header, const std::string& name, const std::filesystem::path& file) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) throw InputError(file.string() + ": no column '" + name + "'");
  return std::size_t(it - header.begin());
}

// `text` as a number, NaN when empty; throws std::invalid_argument when it is not all one number.
double number_or_nan(const std::string& text) {
  if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto value = support::parse_number(text);
  if (!value) throw std::invalid_argument(text);
  return *value;
}

}  // namespace

std::vector<EpochProgress> read_progress(const std::filesystem::path& metrics_csv, const std::string& metric) {
  std::ifstream in(metrics_csv);
  if (!in) throw InputError(metrics_csv.string() + ": cannot be read");
  std::string line;
  std::getline(in, line);
  const auto header = core::split_fields(line);
  const std::size_t step = column(header, "step", metrics_csv);
  const std::size_t seconds = column(header, "epoch_seconds", metrics_csv);
  const std::size_t validation = column(header, "val_" + metric, metrics_csv);
  std::vector<EpochProgress> progress;
  double total_seconds = 0;
  for (int row = 2; std::getline(in, line); ++row) {
    auto fields = core::split_fields(line);
    if (!line.empty() && line.back() == ',') fields.push_back("");  // getline drops a trailing empty field
    try {
      const double step_value = number_or_nan(fields.at(step));
      total_seconds += number_or_nan(fields.at(seconds));
      if (!(std::isfinite(step_value) && std::isfinite(total_seconds))) throw std::invalid_argument("empty");
      progress.push_back({int64_t(step_value), total_seconds, number_or_nan(fields.at(validation))});
    } catch (const std::exception&) {
      throw InputError(metrics_csv.string() + ": row " + std::to_string(row) +
                       " lacks a number in step, epoch_seconds or val_" + metric);
    }
  }
  return progress;
}

std::optional<EpochProgress> first_reaching(const std::vector<EpochProgress>& progress, double target) {
  for (const auto& epoch : progress) {
    if (epoch.validation >= target) return epoch;
  }
  return std::nullopt;
}

TimeToTarget time_to_target(const std::vector<std::filesystem::path>& metrics_files, const std::string& metric,
                            double target) {
  TimeToTarget result;
  std::vector<double> steps, seconds;
  for (const auto& file : metrics_files) {
    try {
      const auto reached = first_reaching(read_progress(file, metric), target);
      ++result.runs;
      if (!reached) continue;
      ++result.reached;
      steps.push_back(double(reached->step));
      seconds.push_back(reached->seconds);
    } catch (const InputError& error) {
      result.problems.push_back(error.what());
    }
  }
  result.median_steps = median(steps);
  result.median_seconds = median(seconds);
  return result;
}

}  // namespace hypera::app
