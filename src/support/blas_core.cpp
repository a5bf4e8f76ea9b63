#include "support/blas_core.h"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>

namespace hypera::support {
namespace {

// OpenBLAS's x86-64 cores without AVX2 kernels.
constexpr const char* kCoresWithoutAvx2[] = {"prescott", "core2", "penryn", "dunnington", "nehalem", "atom",
                                             "sandybridge", "barcelona", "bobcat", "bulldozer", "piledriver",
                                             "steamroller", "excavator", "opteron", "katmai", "northwood"};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

}  // namespace

std::string openblas_core() {
  using CoreName = char* (*)();
  const auto get_corename = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  const char* name = get_corename ? get_corename() : nullptr;
  return name ? std::string(name) : std::string();
}

std::string blas_core_warning(const std::string& core, const CpuFeatures& cpu) {
  const std::string name = lower(core);
  const bool old = std::find(std::begin(kCoresWithoutAvx2), std::end(kCoresWithoutAvx2), name) != std::end(kCoresWithoutAvx2);
  if (name.empty() || !old || !cpu.has("avx2")) return "";
  const std::string fitting = cpu.has("avx512f") ? "SKYLAKEX" : "HASWELL";
  return "OpenBLAS runs its " + core + " kernels on this CPU, which has avx2" +
         std::string(cpu.has("avx512f") ? " and avx512f" : "") + ": matrix products (the agents' networks) are " +
         "several times slower than they could be; start with OPENBLAS_CORETYPE=" + fitting + " set";
}

}  // namespace hypera::support
