#include "dist/mpi_data_parallel.h"

#include "dist/gradient_reducer.h"
#include "dist/module_sync.h"

namespace hypera::dist {

std::unique_ptr<core::GradientSync> MpiDataParallel::attach(torch::nn::Module& model) {
  return std::make_unique<GradientReducer>(communicator_, model, buckets_);
}

std::vector<double> MpiDataParallel::sum(const std::vector<double>& values) {
  return sum_over_ranks(communicator_, values);
}

double MpiDataParallel::divergence(const torch::nn::Module& model) { return replica_divergence(communicator_, model); }

double MpiDataParallel::divergence(const std::vector<torch::Tensor>& tensors) {
  return replica_divergence(communicator_, tensors);
}

}  // namespace hypera::dist
