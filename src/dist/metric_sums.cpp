#include "dist/metric_sums.h"

#include <cstring>

namespace hypera::dist {

std::vector<double> sum_over_ranks(Communicator& communicator, const std::vector<double>& local_sums) {
  auto sums = torch::tensor(local_sums, torch::TensorOptions().dtype(torch::kDouble)).to(communicator.device());
  communicator.allreduce_sum(sums);
  sums = sums.cpu();
  const double* values = sums.data_ptr<double>();
  return std::vector<double>(values, values + sums.numel());
}

void average_over_ranks(Communicator& communicator, torch::Tensor& values) {
  torch::Tensor on_device = values.to(communicator.device());
  communicator.allreduce_sum(on_device);
  on_device.div_(communicator.size());
  if (on_device.data_ptr() != values.data_ptr()) values.copy_(on_device);
}

std::vector<std::string> gather_bytes(Communicator& communicator, const std::string& bytes) {
  torch::Tensor local = torch::empty({static_cast<int64_t>(bytes.size())}, torch::kUInt8);
  std::memcpy(local.data_ptr<uint8_t>(), bytes.data(), bytes.size());
  std::vector<std::string> all;
  for (const torch::Tensor& part : communicator.allgatherv(local.to(communicator.device()))) {
    const torch::Tensor host = part.cpu().contiguous();
    all.emplace_back(reinterpret_cast<const char*>(host.data_ptr<uint8_t>()), static_cast<size_t>(host.numel()));
  }
  return all;
}

}  // namespace hypera::dist
