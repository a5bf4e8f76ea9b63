#pragma once
// Writes a run folder as `train` does, through the real RunLogger: metrics.csv with one row per epoch and
// summary.json. For the compare tests.
#include <cmath>
#include <filesystem>
#include <vector>

#include "app/compare/summary_file.h"
#include "core/train/run_logger.h"

namespace hypera::test {

struct Epoch {
  int64_t step = 0;                  // at the end of the epoch
  double seconds = 0;                // epoch_seconds
  double validation = std::nan("");  // the selection metric; NaN: not validated
};

inline void write_run_folder(const std::filesystem::path& folder, const std::string& metric,
                             const std::vector<Epoch>& epochs, const app::SummarySections& summary) {
  core::RunLogger logger(folder, 0);
  for (std::size_t i = 0; i < epochs.size(); ++i) {
    core::EpochRecord record;
    record.epoch = int64_t(i);
    record.step = epochs[i].step;
    record.epoch_seconds = epochs[i].seconds;
    if (!std::isnan(epochs[i].validation)) record.validation = {{metric, epochs[i].validation}};
    logger.log_epoch(record);
  }
  if (!summary.empty()) logger.write_summary(summary);
}

}  // namespace hypera::test
