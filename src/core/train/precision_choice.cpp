#include "core/train/precision_choice.h"

#include <stdexcept>

namespace hypera::core {

PrecisionChoice choose_precision(const std::string& requested, const support::CpuFeatures& cpu) {
  if (requested == "fp32") return {false, "fp32 (train.precision = fp32)"};
  if (requested == "bf16") {
    return {true, cpu.computes_bf16() ? "bf16 (train.precision = bf16)"
                                      : "bf16 (train.precision = bf16; this CPU emulates bf16, fp32 is faster here)"};
  }
  if (requested != "auto") throw std::invalid_argument("choose_precision: unknown precision '" + requested + "'");
  for (const char* flag : {"amx_bf16", "avx512_bf16"}) {
    if (cpu.has(flag)) return {true, std::string("bf16 (auto: the CPU has ") + flag + ")"};
  }
  return {false, "fp32 (auto: the CPU has neither avx512_bf16 nor amx_bf16)"};
}

}  // namespace hypera::core
