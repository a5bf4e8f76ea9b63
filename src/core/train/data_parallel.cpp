#include "core/train/data_parallel.h"

namespace hypera::core {

std::unique_ptr<GradientSync> SingleProcess::attach(torch::nn::Module&) {
  return std::make_unique<LocalGradientSync>();
}

double SingleProcess::divergence(const torch::nn::Module&) { return 0.0; }

}  // namespace hypera::core
