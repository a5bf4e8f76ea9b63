#include "app/compare/compute_counted.h"

#include <cmath>

#include "app/compare/arms.h"
#include "support/input_error.h"

namespace hypera::app {

ComputeCounted compute_counted(const std::vector<RunResult>& runs, const std::string& arm,
                               const std::filesystem::path& meta) {
  ComputeCounted compute;
  for (const auto& run : runs) {
    if (!(run.arm == arm && run.complete)) continue;
    const double population = summary_value(run.summary, "population", "compute_seconds");
    compute.seconds += std::isfinite(population) ? population : summary_value(run.summary, "timing", "total_seconds");
  }
  if (!uses_meta_training(arm)) return compute;
  const auto file = meta / "meta.json";
  try {
    const double seconds = summary_value(read_summary(file), "meta_train", "seconds");
    if (!std::isfinite(seconds)) throw InputError(file.string() + ": no number meta_train.seconds");
    compute.seconds += seconds;
  } catch (const InputError& error) {
    compute.seconds = std::nan("");
    compute.problem = error.what();
  }
  return compute;
}

}  // namespace hypera::app
