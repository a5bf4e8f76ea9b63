#pragma once
// A tensor's sizes as text, "[2, 3, 64, 64]", for one-line error messages.
#include <torch/torch.h>

#include <sstream>
#include <string>

namespace hypera::core {

inline std::string shape_text(const torch::Tensor& tensor) {
  std::ostringstream out;
  out << tensor.sizes();
  return out.str();
}

}  // namespace hypera::core
