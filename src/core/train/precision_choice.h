#pragma once
// What `train.precision` means on the machine at hand. "auto" (the default) picks bf16 autocast where the CPU
// computes bf16 in hardware (avx512_bf16 or amx_bf16: measured 1.8-2x faster than fp32 for the U-Net, accuracy
// within the precision bench's tolerance) and fp32 elsewhere (where bf16 is emulated it is about 9x slower).
// The trainer computes on the CPU, so the CPU's flags decide.
#include <string>

#include "support/cpu_features.h"

namespace hypera::core {

struct PrecisionChoice {
  bool bf16 = false;   // bf16 autocast for training steps and prediction
  std::string reason;  // one line for the console: "bf16 (auto: the CPU has avx512_bf16)"
};

// `requested` is "auto", "fp32" or "bf16" (run_config.cpp checks the choice); anything else throws
// std::invalid_argument.
PrecisionChoice choose_precision(const std::string& requested, const support::CpuFeatures& cpu);

}  // namespace hypera::core
