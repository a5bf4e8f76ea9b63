#pragma once
// What `train.device` means for one process. "auto" (the default) is CUDA device local_rank mod N where
// LibTorch sees N > 0 CUDA devices (so the ranks of a node spread over its GPUs), else the CPU; "cpu" is the CPU;
// "cuda" is the device auto would take, and an error where there is none; "cuda:K" is device K (K < N).
// Training, validation and prediction then run on that device; the data loader, metrics and agents stay on
// the CPU.
#include <torch/types.h>

#include <string>

namespace hypera::core {

struct DeviceChoice {
  torch::Device device = torch::kCPU;
  std::string reason;  // one line for the console: "cuda:1 (auto: 2 CUDA devices, local rank 3)"
};

// Throws InputError naming the option for a value that is none of the above, and for a CUDA device that
// LibTorch does not see (cuda_devices: how many it sees, torch::cuda::device_count()).
DeviceChoice choose_device(const std::string& requested, int local_rank, int cuda_devices);

// The device the module's parameters are on (the CPU for a module without parameters).
torch::Device device_of(const torch::nn::Module& module);

}  // namespace hypera::core
