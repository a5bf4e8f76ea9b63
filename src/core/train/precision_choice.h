#pragma once
// What `train.precision` means on the machine at hand. "auto" (the default) picks bf16 autocast where the CPU
// computes bf16 in hardware (avx512_bf16 or amx_bf16: measured 1.8-2x faster than fp32 for the U-Net, accuracy
// within the precision bench's tolerance) and fp32 elsewhere (where bf16 is emulated it is about 9x slower).
// On a CUDA device the GPU decides instead: bf16 from compute capability 8.0 on (as cuDNN reports it), else fp32.
#include <torch/types.h>

#include <optional>
#include <string>

#include "support/cpu_features.h"

namespace hypera::core {

struct PrecisionChoice {
  bool bf16 = false;   // bf16 autocast for training steps and prediction
  std::string reason;  // one line for the console: "bf16 (auto: the CPU has avx512_bf16)"
};

// `requested` is "auto", "fp32" or "bf16" (run_config.cpp checks the choice); anything else throws
// std::invalid_argument. gpu_bf16: nullopt when training on the CPU, else whether the CUDA device computes
// bf16 in hardware (gpu_bf16(device)).
PrecisionChoice choose_precision(const std::string& requested, const support::CpuFeatures& cpu,
                                 std::optional<bool> gpu_bf16 = std::nullopt);

// For choose_precision: nullopt for the CPU; for a CUDA device whether it computes bf16 in hardware (cuDNN 8
// and compute capability 8.0 or newer, as LibTorch reports it).
std::optional<bool> gpu_bf16(const torch::Device& device);

}  // namespace hypera::core
