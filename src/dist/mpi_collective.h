#pragma once
// comm::Collective over MPI on CPU tensors. All-reduce is MPI_Iallreduce or, blocking, MPI_Allreduce (in
// place, MPI_SUM / MPI_MAX / MPI_MIN), broadcast MPI_Bcast,
// allgatherv MPI_Allgather of the lengths then MPI_Allgatherv. The constructor duplicates the given
// communicator (collective), so HYPERA's traffic never mixes with other users of it; the duplicate is
// freed on destruction, which must happen before MPI_Finalize. Element counts above INT_MAX are refused
// (std::invalid_argument). Contract of every call: comm/collective.h.
#include <mpi.h>

#include "comm/collective.h"

namespace hypera::dist {

class MpiCollective final : public comm::Collective {
 public:
  explicit MpiCollective(MPI_Comm comm);
  ~MpiCollective() override;
  MpiCollective(const MpiCollective&) = delete;
  MpiCollective& operator=(const MpiCollective&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  torch::Device device() const override { return torch::Device(torch::kCPU); }

  // For bootstrapping other collectives (NCCL) and for benchmarks; owned by this object.
  MPI_Comm comm() const { return comm_; }

 protected:
  std::unique_ptr<comm::PendingCollective> start_allreduce(torch::Tensor tensor, comm::ReduceOp op,
                                                           const comm::CallSite& site) override;
  void run_allreduce(torch::Tensor tensor, comm::ReduceOp op, const comm::CallSite& site) override;
  void run_broadcast(torch::Tensor tensor, int root, const comm::CallSite& site) override;
  std::vector<torch::Tensor> run_allgatherv(const torch::Tensor& local, const comm::CallSite& site) override;
  void run_barrier(const comm::CallSite& site) override;
  std::unique_ptr<comm::Collective> run_split(int color, int key, const comm::CallSite& site) override;

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace hypera::dist
