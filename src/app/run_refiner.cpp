#include "app/run_refiner.h"

#include "support/input_error.h"

namespace hypera::app {

std::filesystem::path segmentation_agents_folder(const std::filesystem::path& run) {
  return run / "segmentation_agents";
}

agents::SegmentationRefiner open_run_refiner(const std::filesystem::path& run) {
  const std::filesystem::path folder = segmentation_agents_folder(run);
  if (!std::filesystem::is_directory(folder)) {
    throw InputError(folder.string() + ": no trained segmentation agents (train them with: hypera_dist " +
                     "refine-train --run " + run.string() + ")");
  }
  return agents::SegmentationRefiner(folder);
}

}  // namespace hypera::app
