#include "core/train/precision_choice.h"

#include <ATen/detail/CUDAHooksInterface.h>

#include <stdexcept>

namespace hypera::core {

PrecisionChoice choose_precision(const std::string& requested, const support::CpuFeatures& cpu,
                                 std::optional<bool> gpu_bf16) {
  if (requested == "fp32") return {false, "fp32 (train.precision = fp32)"};
  const bool hardware_bf16 = gpu_bf16 ? *gpu_bf16 : cpu.computes_bf16();
  const std::string processor = gpu_bf16 ? "GPU" : "CPU";
  if (requested == "bf16") {
    return {true, hardware_bf16 ? "bf16 (train.precision = bf16)"
                                : "bf16 (train.precision = bf16; this " + processor +
                                      " emulates bf16, fp32 is faster here)"};
  }
  if (requested != "auto") throw std::invalid_argument("choose_precision: unknown precision '" + requested + "'");
  if (gpu_bf16) {
    return *gpu_bf16 ? PrecisionChoice{true, "bf16 (auto: the GPU computes bf16)"}
                     : PrecisionChoice{false, "fp32 (auto: the GPU has no bf16 units)"};
  }
  for (const char* flag : {"amx_bf16", "avx512_bf16"}) {
    if (cpu.has(flag)) return {true, std::string("bf16 (auto: the CPU has ") + flag + ")"};
  }
  return {false, "fp32 (auto: the CPU has neither avx512_bf16 nor amx_bf16)"};
}

std::optional<bool> gpu_bf16(const torch::Device& device) {
  if (!device.is_cuda()) return std::nullopt;
  return at::detail::getCUDAHooks().supportsBFloat16ConvolutionWithCuDNNv8();
}

}  // namespace hypera::core
