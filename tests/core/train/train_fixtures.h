#pragma once
// Real data shared by the training tests: the mricron brain MRI (ch2 / ch2bet, foreground target, 5 slabs
// along z) prepared once per test process (about 2 s) into a scratch folder removed at exit.
#include <filesystem>

#include "core/train/run_config.h"

namespace hypera::core::testing {

const std::filesystem::path& prepared_mri();

// A tiny but real configuration on prepared_mri(): `epochs` epochs of 3 batches of 2 random 32x32 crops, a
// 2-level U-Net with 4 base channels, one validation sample, no test evaluation.
RunConfig tiny_mri_config(int epochs);

}  // namespace hypera::core::testing
