#include "dist/metric_sums.h"

namespace hypera::dist {

std::vector<double> sum_over_ranks(Communicator& communicator, const std::vector<double>& local_sums) {
  auto sums = torch::tensor(local_sums, torch::TensorOptions().dtype(torch::kDouble)).to(communicator.device());
  communicator.allreduce_sum(sums);
  sums = sums.cpu();
  const double* values = sums.data_ptr<double>();
  return std::vector<double>(values, values + sums.numel());
}

}  // namespace hypera::dist
