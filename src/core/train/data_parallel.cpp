#include "core/train/data_parallel.h"

namespace hypera::core {

std::unique_ptr<GradientSync> SingleProcess::attach(torch::nn::Module&) {
  return std::make_unique<LocalGradientSync>();
}

}  // namespace hypera::core
