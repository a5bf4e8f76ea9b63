#pragma once
// The collective operations HYPERA's distributed layer needs, on tensors of one device kind.
// Implementations: MpiCommunicator (CPU tensors, mpi_communicator.h) and, when built with NCCL,
// NcclCommunicator (CUDA tensors, nccl_communicator.h).
//
// Every operation is a collective: every rank of the communicator calls it, in the same order, with
// tensors of the same dtype (and, for all-reduce and broadcast, the same number of elements). Calls
// that break this hang or abort. Tensors must be contiguous and on the communicator's device.
// Supported dtypes: float32, float64, int32, int64, uint8 (all-reduce: not uint8).
// Thread safety: one thread at a time; for MPI, only the thread that initialised MPI (mpi_session.h).
#include <torch/torch.h>

#include <memory>
#include <vector>

namespace hypera::dist {

// A collective in flight. wait() returns when its result may be read (on CUDA: when work queued on the
// current stream afterwards sees the result); poll() says whether it is complete without blocking and,
// for MPI, also drives its progress. The tensor stays referenced until the operation is complete.
// Destroying an unfinished operation waits for it.
class PendingCollective {
 public:
  virtual ~PendingCollective() = default;
  virtual void wait() = 0;
  virtual bool poll() = 0;
};

class Communicator {
 public:
  virtual ~Communicator() = default;

  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual torch::Device device() const = 0;

  // Element-wise sum over ranks, written in place into `tensor` on every rank. Non-blocking: returns at
  // once; the tensor must not be touched until wait(). Cost: ~2 * bytes * (size-1)/size moved per rank.
  virtual std::unique_ptr<PendingCollective> allreduce_sum_async(torch::Tensor tensor) = 0;

  // Copies root's `tensor` into `tensor` on every other rank. Blocking.
  virtual void broadcast(torch::Tensor tensor, int root) = 0;

  // Gathers a 1-D tensor of any length (0 allowed, may differ per rank) from every rank; returns one
  // tensor per rank in rank order (views of one buffer). Blocking; two collectives (lengths, data).
  virtual std::vector<torch::Tensor> allgatherv(const torch::Tensor& local) = 0;

  // Returns when every rank has entered it.
  virtual void barrier() = 0;

  // Blocking in-place sum. An implementation may use a blocking collective where that is faster (Open MPI's
  // MPI_Allreduce moves about twice the bandwidth of MPI_Iallreduce + MPI_Wait on one node).
  virtual void allreduce_sum(torch::Tensor tensor) { allreduce_sum_async(std::move(tensor))->wait(); }
};

}  // namespace hypera::dist
