#pragma once
// Data-parallel gradient averaging in the manner of PyTorch's DistributedDataParallel.
//
// Construction (collective): broadcasts every parameter and buffer of `model` from rank 0, plans the
// buckets (bucket_plan.h: reverse parameter order, small first bucket) and makes every parameter's grad
// live in its bucket: param.grad becomes a tensor over the parameter's slot of the bucket's flat buffer
// (DDP's gradient_as_bucket_view; a plain tensor over the memory, not an autograd view, so an optimizer's
// zero_grad may detach and zero it), holding the grad the parameter had. Autograd then accumulates every
// gradient straight into the bucket, and no gradient is ever packed or unpacked.
// A hook after each parameter's gradient accumulation (a post-hook of its AccumulateGrad node) marks its
// slot ready. If something replaced a param.grad (an optimizer's zero_grad that sets grads to none, an
// assignment), the hook or finish() copies the new grad into the slot and makes it the slot again.
// finish() marks the parameters whose hook did not fire (see below) and all-reduces (sums) every bucket in
// bucket order with the blocking all-reduce. The average is not a division of the sums: every rank
// multiplies its loss by loss_share() = 1 / world size before backward (gradient_sync.h), which costs one
// scalar multiplication where dividing the buckets would be one more pass over every gradient.
// With BucketOptions::overlap_with_backward, the hook also starts a bucket's non-blocking all-reduce once
// every slot of the bucket is ready, while backward continues; the last bucket, complete only when backward
// ends, is left to finish()'s blocking all-reduce. Buckets start strictly in bucket order (bucket i only
// after i-1), so every rank issues the collectives in the same order whatever order its hooks fire in.
// Hooks also poll the collectives in flight, which is what makes MPI progress them during backward.
// finish() then starts the remaining buckets but the last, waits for them, and reduces the last one
// blocking (every rank makes the same choice, so the collectives match).
//
// Parameters without a gradient: a parameter that takes no part in this rank's forward pass (its hook
// never fires) contributes its current grad (accumulated by no_sync micro-batches), or zeros when it has
// none. After finish() every parameter that requires a gradient has a defined grad equal on all ranks: the
// world sum (the average, with loss_share()), zero when no rank produced one. (Unlike a local run, where such a parameter keeps an
// undefined grad, an optimizer with momentum or weight decay still moves it.) Its bucket starts only in
// finish(), so an unused parameter costs overlap, not correctness.
//
// Threads: with overlap, hooks firing on the thread that constructed the reducer (CPU autograd runs on the
// caller's thread) start buckets at once; hooks on any other thread (CUDA autograd device threads) only
// mark slots ready, and finish() starts the buckets; MPI is thus used from one thread only
// (MPI_THREAD_FUNNELED).
// Backward twice without finish() in between throws std::logic_error from the second backward.
//
// Memory: one flat buffer per bucket, the size of all gradients together, which is also where the grads
// live. The model must outlive the reducer, must not gain or lose parameters after construction, and its
// parameters must be on the collective's device. Not copyable; destroying it removes the hooks and gives
// every parameter a grad of its own again (a copy of the bucket's values).
#include <torch/csrc/autograd/function.h>
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "parallel/gradient_sync.h"
#include "parallel/bucket_plan.h"
#include "comm/collective.h"

namespace hypera::parallel {

class GradientReducer : public GradientSync {
 public:
  GradientReducer(comm::Collective& collective, torch::nn::Module& model, BucketOptions options = {});
  ~GradientReducer() override;
  GradientReducer(const GradientReducer&) = delete;
  GradientReducer& operator=(const GradientReducer&) = delete;

  void set_synchronising(bool enabled) override { synchronising_ = enabled; }
  bool synchronising() const override { return synchronising_; }
  void finish() override;
  double loss_share() const override { return 1.0 / collective_.size(); }

  const std::vector<BucketLayout>& buckets() const { return layouts_; }
  // Buckets whose all-reduce started inside a hook during the last synchronised backward (for overlap
  // diagnostics and tests); reset by finish().
  int buckets_started_in_backward() const { return started_in_backward_; }

 private:
  struct Bucket {
    torch::Tensor flat;
    std::size_t missing = 0;  // slots not filled yet
    std::unique_ptr<comm::PendingCollective> pending;
  };
  struct Location {
    std::size_t bucket = 0;
    std::size_t slot = 0;
  };

  class AccumulatedHook;
  void on_accumulated(std::size_t parameter);
  // Makes param.grad the slot tensor again when something replaced it (copying its values, or zeros).
  void reclaim_grad(std::size_t parameter);
  void mark_ready(std::size_t parameter);
  // Starts complete buckets in order, up to (not including) bucket `limit`.
  void start_complete_buckets(std::size_t limit);
  // How many buckets (the first ones) are reduced non-blocking: all but the last with overlap, else none.
  std::size_t nonblocking_buckets() const;
  void reset_round();

  comm::Collective& collective_;
  bool overlap_;
  std::vector<torch::Tensor> parameters_;  // those that require a gradient, in model order
  std::vector<BucketLayout> layouts_;
  std::vector<Bucket> buckets_;
  std::vector<Location> locations_;        // per parameter
  std::vector<torch::Tensor> slots_;        // per parameter: its grad, over its bucket's memory
  std::vector<bool> filled_;               // per parameter, this round
  // What grad_accumulator() returns: std::shared_ptr<Node> in LibTorch 1.x, c10::intrusive_ptr<Node> in 2.x.
  using AccumulatorHandle =
      decltype(torch::autograd::impl::grad_accumulator(std::declval<const torch::autograd::Variable&>()));
  std::vector<AccumulatorHandle> accumulators_;  // kept alive: they hold the hooks
  std::vector<std::uintptr_t> hook_keys_;  // per parameter
  std::size_t next_to_start_ = 0;
  int started_in_backward_ = 0;
  bool synchronising_ = true;
  std::thread::id owner_thread_;
};

}  // namespace hypera::parallel
