#include "core/train/device_option.h"

#include "support/input_error.h"

namespace hypera::core {

std::optional<int> cuda_index_option(const std::string& requested) {
  if (requested == "cuda") return std::nullopt;
  const std::string digits = requested.rfind("cuda:", 0) == 0 ? requested.substr(5) : "";
  if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos) {
    throw InputError("option 'train.device': '" + requested + "' is not auto, cpu, cuda or cuda:K");
  }
  return std::stoi(digits);
}

void check_device_option(const std::string& requested) {
  if (requested != "auto" && requested != "cpu") cuda_index_option(requested);
}

}  // namespace hypera::core
