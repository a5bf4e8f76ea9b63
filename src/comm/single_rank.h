#pragma once
// A world of one rank: every reduction and broadcast leaves its tensor as it is (it already is the result),
// allgatherv returns {local}, barrier returns at once. The checks of collective.h still apply (contiguous
// tensors on device(), root 0), so code that runs here runs unchanged on more ranks. Stateless and cheap.
#include "comm/collective.h"

namespace hypera::comm {

class SingleRank final : public Collective {
 public:
  explicit SingleRank(torch::Device device = torch::kCPU) : device_(device) {}

  int rank() const override { return 0; }
  int size() const override { return 1; }
  torch::Device device() const override { return device_; }

 protected:
  std::unique_ptr<PendingCollective> start_allreduce(torch::Tensor tensor, ReduceOp op, const CallSite& site) override;
  void run_broadcast(torch::Tensor tensor, int root, const CallSite& site) override;
  std::vector<torch::Tensor> run_allgatherv(const torch::Tensor& local, const CallSite& site) override;
  void run_barrier(const CallSite&) override {}
  std::unique_ptr<Collective> run_split(int color, int key, const CallSite& site) override;

 private:
  torch::Device device_;
};

}  // namespace hypera::comm
