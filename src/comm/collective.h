#pragma once
// The one collective interface of HYPERA: every exchange between ranks (the gradient reducer, the trainer's
// checks, the distributed metrics, the agents' experience and decisions) goes through a Collective.
// Implementations: SingleRank (a world of one, single_rank.h), dist::MpiCollective (CPU tensors over MPI),
// dist::NcclCollective (CUDA tensors over NCCL, when built with it), and CheckedCollective
// (checked_collective.h), which wraps any of them and turns mismatched calls into an error.
// Helpers over host values and bytes (sums of metrics, rank 0's decisions, byte gathers): host_values.h.
//
// Contract of every operation below: it is a collective. Every rank of the collective calls it, in the same
// order, with tensors of the same dtype (and, for all-reduce and broadcast, the same number of elements) and
// the same root. Calls that break this hang or abort, unless the collective is checked (checked_collective.h).
// Tensors must be contiguous and on device(). Supported dtypes: float32, float64, int32, int64, uint8
// (all-reduce: not uint8). Thread safety: one thread at a time; for MPI, only the thread that initialised MPI.
//
// Every operation takes a CallSite, filled in by its default argument with the caller's file and line; a
// helper that calls a collective on behalf of its own caller passes its caller's site on.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace hypera::comm {

enum class ReduceOp { kSum, kMax, kMin };
const char* reduce_op_name(ReduceOp op);  // "sum", "max", "min"

// A source location. here() called as a default argument records the location of the call that used it.
struct CallSite {
  const char* file = "";
  int line = 0;
  static CallSite here(const char* file = __builtin_FILE(), int line = __builtin_LINE()) { return {file, line}; }
  // "src/core/train/trainer.cpp:211": the path from its last "src/", "tests/" or "bench/" on.
  std::string text() const;
};

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

class Collective {
 public:
  virtual ~Collective() = default;

  virtual int rank() const = 0;  // 0 .. size() - 1
  virtual int size() const = 0;  // >= 1
  virtual torch::Device device() const = 0;

  // Element-wise reduction over ranks, written in place into `tensor` on every rank, bitwise equal on every
  // rank. Non-blocking: returns at once; the tensor must not be touched until wait().
  // Cost: ~2 * bytes * (size-1)/size moved per rank.
  std::unique_ptr<PendingCollective> allreduce_async(torch::Tensor tensor, ReduceOp op,
                                                     CallSite site = CallSite::here()) {
    return start_allreduce(std::move(tensor), op, site);
  }
  // The same, blocking. An implementation may use a blocking collective where that is faster (Open MPI's
  // MPI_Allreduce moves about twice the bandwidth of MPI_Iallreduce + MPI_Wait on one node).
  void allreduce(torch::Tensor tensor, ReduceOp op, CallSite site = CallSite::here()) {
    run_allreduce(std::move(tensor), op, site);
  }
  // Copies root's `tensor` into `tensor` on every other rank. Blocking.
  void broadcast(torch::Tensor tensor, int root, CallSite site = CallSite::here()) {
    run_broadcast(std::move(tensor), root, site);
  }
  // Gathers a 1-D tensor of any length (0 allowed, may differ per rank) from every rank; returns one tensor
  // per rank in rank order (views of one buffer). Blocking.
  std::vector<torch::Tensor> allgatherv(const torch::Tensor& local, CallSite site = CallSite::here()) {
    return run_allgatherv(local, site);
  }
  // Returns when every rank has entered it.
  void barrier(CallSite site = CallSite::here()) { run_barrier(site); }
  // The ranks that pass the same `color` (>= 0) form a new collective of their own, their ranks in it ordered
  // by (`key`, rank here); every rank gets its group's. Colors may differ between ranks (that is the point).
  // The result must not outlive this collective. Cost: one communicator split.
  std::unique_ptr<Collective> split(int color, int key, CallSite site = CallSite::here()) {
    return run_split(color, key, site);
  }

 protected:
  virtual std::unique_ptr<PendingCollective> start_allreduce(torch::Tensor tensor, ReduceOp op,
                                                             const CallSite& site) = 0;
  virtual void run_allreduce(torch::Tensor tensor, ReduceOp op, const CallSite& site) {
    start_allreduce(std::move(tensor), op, site)->wait();
  }
  virtual void run_broadcast(torch::Tensor tensor, int root, const CallSite& site) = 0;
  virtual std::vector<torch::Tensor> run_allgatherv(const torch::Tensor& local, const CallSite& site) = 0;
  virtual void run_barrier(const CallSite& site) = 0;
  virtual std::unique_ptr<Collective> run_split(int color, int key, const CallSite& site) = 0;
};

}  // namespace hypera::comm
