#pragma once
// Data-parallel gradient averaging in the manner of PyTorch's DistributedDataParallel.
//
// Construction (collective): broadcasts every parameter and buffer of `model` from rank 0, plans the
// buckets (bucket_plan.h: reverse parameter order, small first bucket) and registers one autograd hook
// per parameter that requires a gradient. During backward a hook copies its parameter's gradient into
// its bucket slot (plus the gradient already accumulated in param.grad by earlier no_sync micro-batches)
// and, once every slot of a bucket is filled, the bucket's non-blocking all-reduce starts while backward
// continues; the last bucket, complete only when backward ends, is left to finish(). Buckets start strictly in bucket order (bucket i only after i-1), so every rank issues the
// collectives in the same order whatever order its hooks fire in. Hooks also poll the collectives in
// flight, which is what makes MPI progress them during backward.
// finish() fills the slots of parameters whose hook did not fire (see below), starts the remaining buckets
// but the last and waits for them, reduces the last one with the blocking all-reduce (nothing is left to
// overlap with it, and on Open MPI it is about twice as fast as the non-blocking one; every rank makes the
// same choice, so the collectives match), divides by the world size and writes the average into every
// param.grad.
//
// Parameters without a gradient: a parameter that takes no part in this rank's forward pass (its hook
// never fires) contributes its current param.grad (gradient accumulated by no_sync micro-batches), or
// zeros when it has none. After finish() every parameter that requires a gradient has a defined grad
// equal on all ranks: the world average, zero when no rank produced one. (Unlike a local run, where
// such a parameter keeps an undefined grad, an optimizer with momentum or weight decay still moves it.)
// Its bucket starts only in finish(), so an unused parameter costs overlap, not correctness.
//
// Threads: hooks firing on the thread that constructed the reducer (CPU autograd runs on the caller's
// thread) start buckets at once; hooks on any other thread (CUDA autograd device threads) only fill
// slots, and finish() starts the buckets; MPI is thus used from one thread only (MPI_THREAD_FUNNELED).
// Backward twice without finish() in between throws std::logic_error from the second backward.
//
// Memory: one flat buffer per bucket, the size of all gradients together. The model must outlive the
// reducer, must not gain or lose parameters after construction, and its parameters must be on the
// communicator's device. Not copyable; destroying it removes the hooks.
#include <torch/torch.h>

#include <memory>
#include <thread>
#include <vector>

#include "core/train/gradient_sync.h"
#include "dist/bucket_plan.h"
#include "dist/communicator.h"

namespace hypera::dist {

class GradientReducer : public core::GradientSync {
 public:
  GradientReducer(Communicator& communicator, torch::nn::Module& model, BucketOptions options = {});
  ~GradientReducer() override;
  GradientReducer(const GradientReducer&) = delete;
  GradientReducer& operator=(const GradientReducer&) = delete;

  void set_synchronising(bool enabled) override { synchronising_ = enabled; }
  bool synchronising() const override { return synchronising_; }
  void finish() override;

  const std::vector<BucketLayout>& buckets() const { return layouts_; }
  // Buckets whose all-reduce started inside a hook during the last synchronised backward (for overlap
  // diagnostics and tests); reset by finish().
  int buckets_started_in_backward() const { return started_in_backward_; }

 private:
  struct Bucket {
    torch::Tensor flat;
    std::size_t missing = 0;  // slots not filled yet
    std::unique_ptr<PendingCollective> pending;
  };
  struct Location {
    std::size_t bucket = 0;
    std::size_t slot = 0;
  };

  void on_gradient(std::size_t parameter, const torch::Tensor& gradient);
  void fill_slot(std::size_t parameter, const torch::Tensor& gradient);
  // Starts complete buckets in order, up to (not including) bucket `limit`.
  void start_complete_buckets(std::size_t limit);
  void reset_round();

  Communicator& communicator_;
  std::vector<torch::Tensor> parameters_;  // those that require a gradient, in model order
  std::vector<BucketLayout> layouts_;
  std::vector<Bucket> buckets_;
  std::vector<Location> locations_;        // per parameter
  std::vector<bool> filled_;               // per parameter, this round
  std::vector<unsigned> hook_ids_;         // per parameter
  std::size_t next_to_start_ = 0;
  int started_in_backward_ = 0;
  bool synchronising_ = true;
  std::thread::id owner_thread_;
};

}  // namespace hypera::dist
