#pragma once
// The U-Net a run configuration describes.
#include "core/seg/unet.h"
#include "core/train/run_config.h"

namespace hypera::core {

// [model] options, the initial dropout of the registry table and train.seed for the initialization; the data
// set's image channels (in_channels) and classes.
UNetOptions unet_options(const RunConfig& config, int in_channels, int num_classes);

}  // namespace hypera::core
