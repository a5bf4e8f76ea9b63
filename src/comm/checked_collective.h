#pragma once
// A Collective that verifies, before every call, that every rank is making the same call: the same operation,
// reduction, dtype, element count (not for allgatherv, whose lengths may differ) and root, as the n-th
// collective of each rank. A mismatch, which would otherwise hang or corrupt data, becomes a CollectiveMismatch
// on every rank, before the mismatched call is made, naming the first rank that differs from rank 0 and both
// call sites, e.g.
//   collective 12 differs between ranks: rank 0 allreduce(max, Double x 2) at src/core/train/trainer.cpp:210,
//   rank 1 broadcast(root 0, Float x 6) at src/agents/hyperparameter/hyperparameter_coordinator.cpp:162
// Asked for with the environment variable HYPERA_CHECK_COLLECTIVES=1 (as PyTorch's ProcessGroupWrapper is with
// TORCH_DISTRIBUTED_DEBUG=DETAIL). Cost: one extra all-gather of 128 bytes per rank before every collective.
// A rank that makes no call at all (it has left the loop or died) still blocks the others.
#include <cstdint>
#include <stdexcept>

#include "comm/collective.h"

namespace hypera::comm {

class CollectiveMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether HYPERA_CHECK_COLLECTIVES is set to something other than "" or "0".
bool collective_checks_requested();

class CheckedCollective final : public Collective {
 public:
  // `inner` must outlive this object; all calls go through to it once checked.
  explicit CheckedCollective(Collective& inner) : inner_(inner) {}
  // Owns `inner` (a group split from another collective): its split() returns a checked group.
  explicit CheckedCollective(std::unique_ptr<Collective> inner) : owned_(std::move(inner)), inner_(*owned_) {}

  int rank() const override { return inner_.rank(); }
  int size() const override { return inner_.size(); }
  torch::Device device() const override { return inner_.device(); }
  int64_t calls_checked() const { return calls_; }

 protected:
  std::unique_ptr<PendingCollective> start_allreduce(torch::Tensor tensor, ReduceOp op, const CallSite& site) override;
  void run_allreduce(torch::Tensor tensor, ReduceOp op, const CallSite& site) override;
  void run_broadcast(torch::Tensor tensor, int root, const CallSite& site) override;
  std::vector<torch::Tensor> run_allgatherv(const torch::Tensor& local, const CallSite& site) override;
  void run_barrier(const CallSite& site) override;
  std::unique_ptr<Collective> run_split(int color, int key, const CallSite& site) override;

 private:
  std::unique_ptr<Collective> owned_;  // set for a split group
  Collective& inner_;
  int64_t calls_ = 0;
};

}  // namespace hypera::comm
