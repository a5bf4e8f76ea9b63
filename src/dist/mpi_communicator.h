#pragma once
// Communicator over MPI on CPU tensors. All-reduce is MPI_Iallreduce (in place), broadcast MPI_Bcast,
// allgatherv MPI_Allgather of the lengths then MPI_Allgatherv. The constructor duplicates the given
// communicator (collective), so HYPERA's traffic never mixes with other users of it; the duplicate is
// freed on destruction, which must happen before MPI_Finalize. Element counts above INT_MAX are refused
// (std::invalid_argument). Contract of every call: communicator.h.
#include <mpi.h>

#include "dist/communicator.h"

namespace hypera::dist {

class MpiCommunicator : public Communicator {
 public:
  explicit MpiCommunicator(MPI_Comm comm);
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  torch::Device device() const override { return torch::Device(torch::kCPU); }

  std::unique_ptr<PendingCollective> allreduce_sum_async(torch::Tensor tensor) override;
  void allreduce_sum(torch::Tensor tensor) override;  // MPI_Allreduce, in place
  void broadcast(torch::Tensor tensor, int root) override;
  std::vector<torch::Tensor> allgatherv(const torch::Tensor& local) override;
  void barrier() override;

  // For bootstrapping other communicators (NCCL) and for benchmarks; owned by this object.
  MPI_Comm comm() const { return comm_; }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace hypera::dist
