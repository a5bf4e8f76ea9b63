#include "parallel/module_sync.h"

#include <algorithm>
#include <limits>

namespace hypera::parallel {
namespace {

std::vector<torch::Tensor> state_tensors(const torch::nn::Module& model) {
  auto tensors = model.parameters();
  for (const auto& buffer : model.buffers()) tensors.push_back(buffer);
  return tensors;
}

}  // namespace

void broadcast_module_state(comm::Collective& collective, torch::nn::Module& model, int root) {
  torch::NoGradGuard no_grad;
  for (auto& tensor : state_tensors(model)) {
    if (tensor.is_contiguous()) {
      collective.broadcast(tensor, root);
    } else {  // e.g. channels-last weights: send a contiguous copy, write it back
      auto dense = tensor.contiguous();
      collective.broadcast(dense, root);
      tensor.copy_(dense);
    }
  }
}

double replica_divergence(comm::Collective& collective, const torch::nn::Module& model) {
  return replica_divergence(collective, state_tensors(model));
}

double replica_divergence(comm::Collective& collective, const std::vector<torch::Tensor>& tensors) {
  torch::NoGradGuard no_grad;
  double local = 0;
  for (const auto& given : tensors) {
    const torch::Tensor tensor = given.to(collective.device());
    auto reference = tensor.contiguous().clone();
    collective.broadcast(reference, 0);
    const auto difference = (tensor.to(torch::kDouble) - reference.to(torch::kDouble)).abs();
    if (difference.numel() == 0) continue;
    const double largest = difference.isnan().any().item<bool>() ? std::numeric_limits<double>::infinity()
                                                                 : difference.max().item<double>();
    local = std::max(local, largest);
  }
  auto largest = torch::tensor({local}, torch::TensorOptions().dtype(torch::kDouble).device(collective.device()));
  collective.allreduce(largest, comm::ReduceOp::kMax);
  return largest.item<double>();
}

}  // namespace hypera::parallel
