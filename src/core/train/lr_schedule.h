#pragma once
// Fixed learning-rate schedules: the baselines the agents must beat. A schedule maps training progress
// to a learning rate from a base rate; reduce-on-plateau also listens to validation results.
// Cost: O(1) per call.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hypera::core {

struct ScheduleOptions {
  std::string kind = "poly";  // constant | cosine | poly | onecycle | plateau
  double base_lr = 0.01;
  int64_t epochs = 1;
  double poly_exponent = 0.9;   // nnU-Net: lr = base * (1 - epoch / epochs)^0.9, stepped per epoch
  double plateau_factor = 0.5;  // plateau: lr *= factor after `patience` validations without improvement
  int plateau_patience = 3;
};

class LearningRateSchedule {
 public:
  virtual ~LearningRateSchedule() = default;
  // Learning rate for batch `batch` (0-based) of `batches` in epoch `epoch` (0-based).
  virtual double lr(int64_t epoch, int64_t batch, int64_t batches) const = 0;
  // A validation result where larger is better. Only reduce-on-plateau uses it.
  virtual void observe_validation(double /*metric*/) {}
  // Schedule state that a checkpoint must keep (plateau's factor, best value, count); others have none.
  virtual std::vector<double> state() const { return {}; }
  virtual void restore_state(const std::vector<double>& /*state*/) {}
};

// Throws hypera::InputError for an unknown kind.
std::unique_ptr<LearningRateSchedule> make_schedule(const ScheduleOptions& options);

}  // namespace hypera::core
