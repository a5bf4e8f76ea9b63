#include "core/train/lr_schedule.h"

#include <cmath>

#include "support/input_error.h"

namespace hypera::core {
namespace {

constexpr double kPi = 3.14159265358979323846;

double fraction(int64_t epoch, int64_t batch, int64_t batches, int64_t epochs) {
  const double within = batches > 0 ? double(batch) / batches : 0.0;
  return (epoch + within) / double(epochs);
}

class ConstantSchedule : public LearningRateSchedule {
 public:
  explicit ConstantSchedule(const ScheduleOptions& o) : base_(o.base_lr) {}
  double lr(int64_t, int64_t, int64_t) const override { return base_; }

 private:
  double base_;
};

// Cosine annealing from the base rate to zero over the run, per batch.
class CosineSchedule : public LearningRateSchedule {
 public:
  explicit CosineSchedule(const ScheduleOptions& o) : o_(o) {}
  double lr(int64_t epoch, int64_t batch, int64_t batches) const override {
    return o_.base_lr * 0.5 * (1.0 + std::cos(kPi * fraction(epoch, batch, batches, o_.epochs)));
  }

 private:
  ScheduleOptions o_;
};

// nnU-Net's poly schedule, stepped once per epoch.
class PolySchedule : public LearningRateSchedule {
 public:
  explicit PolySchedule(const ScheduleOptions& o) : o_(o) {}
  double lr(int64_t epoch, int64_t, int64_t) const override {
    return o_.base_lr * std::pow(1.0 - double(epoch) / o_.epochs, o_.poly_exponent);
  }

 private:
  ScheduleOptions o_;
};

// One-cycle with PyTorch's OneCycleLR defaults: cosine warm-up over the first 30% from base/25 to base,
// then cosine annealing to base/(25 * 1e4).
class OneCycleSchedule : public LearningRateSchedule {
 public:
  explicit OneCycleSchedule(const ScheduleOptions& o) : o_(o) {}
  double lr(int64_t epoch, int64_t batch, int64_t batches) const override {
    const double t = fraction(epoch, batch, batches, o_.epochs);
    const double initial = o_.base_lr / 25.0, final_lr = initial / 1e4, warm = 0.3;
    if (t < warm) return cosine_between(initial, o_.base_lr, t / warm);
    return cosine_between(o_.base_lr, final_lr, (t - warm) / (1.0 - warm));
  }

 private:
  static double cosine_between(double from, double to, double t) {
    return to + (from - to) * 0.5 * (1.0 + std::cos(kPi * t));
  }
  ScheduleOptions o_;
};

class PlateauSchedule : public LearningRateSchedule {
 public:
  explicit PlateauSchedule(const ScheduleOptions& o) : o_(o) {}
  double lr(int64_t, int64_t, int64_t) const override { return o_.base_lr * scale_; }
  void observe_validation(double metric) override {
    if (metric > best_) {
      best_ = metric;
      bad_validations_ = 0;
    } else if (++bad_validations_ >= o_.plateau_patience) {
      scale_ *= o_.plateau_factor;
      bad_validations_ = 0;
    }
  }
  std::vector<double> state() const override { return {scale_, best_, double(bad_validations_)}; }
  void restore_state(const std::vector<double>& state) override {
    if (state.size() != 3) throw InputError("checkpoint: plateau schedule state needs 3 values");
    scale_ = state[0];
    best_ = state[1];
    bad_validations_ = static_cast<int>(state[2]);
  }

 private:
  ScheduleOptions o_;
  double scale_ = 1.0;
  double best_ = -INFINITY;
  int bad_validations_ = 0;
};

}  // namespace

std::unique_ptr<LearningRateSchedule> make_schedule(const ScheduleOptions& options) {
  if (options.kind == "constant") return std::make_unique<ConstantSchedule>(options);
  if (options.kind == "cosine") return std::make_unique<CosineSchedule>(options);
  if (options.kind == "poly") return std::make_unique<PolySchedule>(options);
  if (options.kind == "onecycle") return std::make_unique<OneCycleSchedule>(options);
  if (options.kind == "plateau") return std::make_unique<PlateauSchedule>(options);
  throw InputError("option 'train.schedule': unknown schedule '" + options.kind + "'");
}

}  // namespace hypera::core
