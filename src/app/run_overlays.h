#pragma once
// The overlay pictures `train` leaves in a finished run folder (data/io/overlay_png.h): for the first
// kOverlaySamplesPerSplit samples of the validation and test splits, RUN/overlays/<split>_<sample>.png with
// the image in grey, the true contour green and the best checkpoint's predicted contour magenta.
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <vector>

#include "core/train/run_config.h"

namespace hypera::app {

inline constexpr int64_t kOverlaySamplesPerSplit = 3;

// Writes the pictures of the model trained in `model_run` (a run folder, or a population member's: its
// config.ini and checkpoints/best, or checkpoints/last when no best exists) into `out_run`/overlays/, from the
// prepared data set its config names (core::open_prepared_data). Truth and prediction are compared like with
// like: instance ids when the data set has instances (the prediction's core::final_instances), else the
// foreground of the labels. A volume is shown by its middle slice along z, and a 2D network on z slices
// predicts only that slice. The test split is left out when the run does not evaluate it
// (train.evaluate_test = false), so that a run which may not look at the test split does not. Prints
// "overlays: N images in <out_run>/overlays" on `log` and returns N. A missing or damaged file throws
// InputError naming it. Cost: at most 2 x kOverlaySamplesPerSplit sample loads and predictions, one
// checkpoint load and one checksum pass over the prepared file. One rank, one thread.
int64_t write_run_overlays(const std::filesystem::path& model_run, const std::filesystem::path& out_run,
                           const std::vector<core::ConfigSection>& sections, std::ostream& log);

}  // namespace hypera::app
