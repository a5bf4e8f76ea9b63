#pragma once
// Time to target: how many steps and training seconds a run needed until its validation metric first reached
// a target score, read from the run's metrics.csv (RunLogger: one row per epoch with the columns step, the
// cumulative optimizer step at the epoch's end, epoch_seconds and val_<metric>, empty when the epoch was not
// validated). Thread-safe; cost linear in the files' sizes.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hypera::app {

struct EpochProgress {
  int64_t step = 0;       // at the end of the epoch
  double seconds = 0;     // training seconds until the end of the epoch: the sum of epoch_seconds so far
  double validation = 0;  // val_<metric>; NaN when the epoch was not validated
};

// The rows of `metrics_csv`. Throws hypera::InputError naming the file when it cannot be read, lacks one of
// the columns step, epoch_seconds, val_<metric>, or a row holds a malformed number or too few fields.
std::vector<EpochProgress> read_progress(const std::filesystem::path& metrics_csv, const std::string& metric);

// The first epoch whose validation is >= `target`, or nothing.
std::optional<EpochProgress> first_reaching(const std::vector<EpochProgress>& progress, double target);

struct TimeToTarget {
  int runs = 0;                       // runs whose metrics.csv was read
  int reached = 0;                    // of those, the runs that reached the target
  double median_steps = 0;            // median over the runs that reached it; NaN when none did
  double median_seconds = 0;          // likewise, training seconds
  std::vector<std::string> problems;  // one line per metrics.csv that could not be read (the run is left out)
};

// Time to `target` over the metrics.csv files of one arm's runs.
TimeToTarget time_to_target(const std::vector<std::filesystem::path>& metrics_files, const std::string& metric,
                            double target);

}  // namespace hypera::app
