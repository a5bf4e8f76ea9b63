#pragma once
// comm::Collective over NCCL on CUDA tensors of one device; compiled only when the build found NCCL
// (HYPERA_HAVE_NCCL). Bootstrap: rank 0 creates the ncclUniqueId and broadcasts its bytes over the given
// MPI communicator (collective over it); each rank then joins with ncclCommInitRank on `device`.
//
// Streams: collectives run on a private stream of the device. Each one first waits for the work already
// queued on the caller's current stream (so it reads finished gradients), and PendingCollective::wait()
// makes the current stream wait for it without blocking the host; poll() asks whether it has finished.
// Tensors are recorded on the private stream so the caching allocator never reuses them too early.
// allgatherv pads every rank's part to the longest (lengths exchanged over MPI); barrier synchronises the
// private stream, then calls MPI_Barrier. Not thread-safe; any single host thread may call it.
#ifdef HYPERA_HAVE_NCCL

#include <c10/cuda/CUDAStream.h>
#include <nccl.h>

#include "comm/collective.h"
#include "dist/mpi_collective.h"

namespace hypera::dist {

class NcclCollective final : public comm::Collective {
 public:
  NcclCollective(MpiCollective& bootstrap, torch::Device device);
  ~NcclCollective() override;
  NcclCollective(const NcclCollective&) = delete;
  NcclCollective& operator=(const NcclCollective&) = delete;

  int rank() const override { return bootstrap_.rank(); }
  int size() const override { return bootstrap_.size(); }
  torch::Device device() const override { return device_; }

 protected:
  std::unique_ptr<comm::PendingCollective> start_allreduce(torch::Tensor tensor, comm::ReduceOp op,
                                                           const comm::CallSite& site) override;
  void run_broadcast(torch::Tensor tensor, int root, const comm::CallSite& site) override;
  std::vector<torch::Tensor> run_allgatherv(const torch::Tensor& local, const comm::CallSite& site) override;
  void run_barrier(const comm::CallSite& site) override;
  // Not yet: std::logic_error. (A group needs its own MPI bootstrap, split from this one, and its own NCCL
  // communicator on it.)
  std::unique_ptr<comm::Collective> run_split(int color, int key, const comm::CallSite& site) override;

 private:
  // Makes the private stream wait for the caller's current stream and pins `tensor` to it.
  void enter_stream(const torch::Tensor& tensor);
  // Makes the caller's current stream wait for everything queued so far on the private stream.
  void leave_stream();

  MpiCollective& bootstrap_;
  torch::Device device_;
  c10::cuda::CUDAStream stream_;
  ncclComm_t comm_ = nullptr;
};

}  // namespace hypera::dist

#endif  // HYPERA_HAVE_NCCL
