#include "core/train/device_choice.h"

#include <torch/nn/module.h>

#include "core/train/device_option.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

constexpr const char* kOption = "option 'train.device': '";

}  // namespace

DeviceChoice choose_device(const std::string& requested, int local_rank, int cuda_devices) {
  if (requested == "cpu") return {torch::kCPU, "cpu (train.device = cpu)"};
  const std::string seen = std::to_string(cuda_devices) + " CUDA device" + (cuda_devices == 1 ? "" : "s");
  if (requested == "auto") {
    if (cuda_devices <= 0) return {torch::kCPU, "cpu (auto: LibTorch sees no CUDA device)"};
    const int index = local_rank % cuda_devices;
    return {torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index)),
            "cuda:" + std::to_string(index) + " (auto: " + seen + ", local rank " + std::to_string(local_rank) + ")"};
  }
  const std::optional<int> index = cuda_index_option(requested);
  if (cuda_devices <= 0) {
    throw InputError(kOption + requested + "' but LibTorch sees no CUDA device (a CPU-only build, or no GPU)");
  }
  const int chosen = index ? *index : local_rank % cuda_devices;
  if (chosen >= cuda_devices) throw InputError(kOption + requested + "' but LibTorch sees " + seen);
  return {torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(chosen)),
          "cuda:" + std::to_string(chosen) + " (train.device = " + requested + ")"};
}

torch::Device device_of(const torch::nn::Module& module) {
  const auto parameters = module.parameters();
  return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
}

}  // namespace hypera::core
