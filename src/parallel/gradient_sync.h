#pragma once
// The seam between the trainer and data-parallel gradient averaging: core declares it, dist implements
// it (dist::GradientReducer), so core/train never links MPI. The trainer's step with k micro-batches
// (k = 1 without accumulation):
//
//   for (int m = 0; m < k; ++m) {
//     sync.set_synchronising(m == k - 1);          // no communication for the first k-1 micro-batches
//     (loss_m * (sync.loss_share() / k)).backward();
//   }
//   sync.finish();                                 // every rank now holds the world-average gradient
//   optimizer.step();
//
// finish() sums the gradients over the ranks. What turns the sum into the average is the factor
// loss_share() (1 / world size) on every rank's loss: applied there it costs one scalar multiplication,
// where dividing the summed gradients would be one more pass over all of them.
// A single process is a world of size one: the same calls, loss_share() is 1, the "average" is the local
// gradient.
namespace hypera::parallel {

class GradientSync {
 public:
  virtual ~GradientSync() = default;
  // false: the following backward passes only accumulate into param.grad locally (no_sync).
  virtual void set_synchronising(bool enabled) = 0;
  virtual bool synchronising() const = 0;
  // After the last backward of a step (synchronising() true), before the optimizer step. Collective.
  // Leaves in every param.grad the sum over ranks. When synchronising() is false it does nothing.
  virtual void finish() = 0;
  // The factor on each rank's loss that makes finish()'s sum the world average: 1 / world size.
  virtual double loss_share() const = 0;
};

// RAII no_sync scope: backward passes inside it only accumulate gradients locally.
class NoSync {
 public:
  explicit NoSync(GradientSync& sync) : sync_(sync), previous_(sync.synchronising()) { sync_.set_synchronising(false); }
  ~NoSync() { sync_.set_synchronising(previous_); }
  NoSync(const NoSync&) = delete;
  NoSync& operator=(const NoSync&) = delete;

 private:
  GradientSync& sync_;
  bool previous_;
};

// A world of one rank: set_synchronising only records the flag, finish() leaves the local gradients as
// they are (they already are the "sum"). Not thread-safe; cheap.
class LocalGradientSync : public GradientSync {
 public:
  void set_synchronising(bool enabled) override { synchronising_ = enabled; }
  bool synchronising() const override { return synchronising_; }
  void finish() override {}
  double loss_share() const override { return 1.0; }

 private:
  bool synchronising_ = true;
};

}  // namespace hypera::parallel
