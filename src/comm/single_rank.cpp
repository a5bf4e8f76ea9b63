#include "comm/single_rank.h"

#include <stdexcept>

namespace hypera::comm {
namespace {

class Completed final : public PendingCollective {
 public:
  void wait() override {}
  bool poll() override { return true; }
};

void check_tensor(const torch::Tensor& tensor, torch::Device device, const CallSite& site) {
  if (tensor.device() != device || !tensor.is_contiguous()) {
    throw std::invalid_argument("collective at " + site.text() + ": the tensor is not contiguous on " +
                                device.str());
  }
}

}  // namespace

std::unique_ptr<PendingCollective> SingleRank::start_allreduce(torch::Tensor tensor, ReduceOp, const CallSite& site) {
  check_tensor(tensor, device_, site);
  return std::make_unique<Completed>();
}

void SingleRank::run_broadcast(torch::Tensor tensor, int root, const CallSite& site) {
  check_tensor(tensor, device_, site);
  if (root != 0) throw std::invalid_argument("broadcast at " + site.text() + ": root " + std::to_string(root) +
                                             " in a world of one rank");
}

std::vector<torch::Tensor> SingleRank::run_allgatherv(const torch::Tensor& local, const CallSite& site) {
  check_tensor(local, device_, site);
  if (local.dim() != 1) throw std::invalid_argument("allgatherv at " + site.text() + ": the tensor is not 1-D");
  return {local};
}

std::unique_ptr<Collective> SingleRank::run_split(int color, int, const CallSite& site) {
  if (color < 0) throw std::invalid_argument("split at " + site.text() + ": negative color " + std::to_string(color));
  return std::make_unique<SingleRank>(device_);
}

}  // namespace hypera::comm
