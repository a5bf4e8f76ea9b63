#pragma once
// The shared state every hyperparameter agent reads: running summaries of the training the coordinator
// feeds at BatchEnd (loss, its terms, gradient norm) and ValidationEnd (the selection metric), and the
// fixed-length, normalized feature vector built from them. Features (kFeatureCount, in this order):
//   0 progress               training progress in [0, 1]
//   1 log_loss               log10 of the short running mean of the training loss, clipped to [-3, 2]. The
//                            loss signals (1-3, loss(), loss_volatility()) follow the unweighted Dice + CE
//                            terms, not the composite loss whose weights an agent changes
//   2 loss_trend             log(short mean / long mean) of the loss, clipped to [-1, 1] (< 0: falling)
//   3 loss_volatility        running std of consecutive log-loss changes, clipped to [0, 2]
//   4 log_gradient_norm      log10 of the running mean gradient norm / 3, clipped to [-1, 1]
//   5 gradient_noise         coefficient of variation of the gradient norm (a noise-scale proxy), [0, 3]
//   6 validation             last validation value of the selection metric (0 before the first)
//   7 validation_change      last minus previous validation value, x10, clipped to [-1, 1]
//   8 best_validation        best validation value so far
//   9 stagnation             validations since the best one / 10, clipped to [0, 1]
//  10 generalization_gap     (1 - training Dice loss) - validation Dice, clipped to [-1, 1]
//  11..14 dice, ce, focal, boundary   running means of the loss terms, log1p, clipped to [0, 3]
//  15 rollbacks              decaying count of recent roll-backs, clipped to [0, 1]
// Units are the trainer's; nothing is truncated silently: every feature is clipped to its stated range.
// Not thread-safe; the training thread owns it.
#include <array>
#include <string>
#include <vector>

#include "core/train/training_hooks.h"

namespace hypera::agents {

class TrainingSignals {
 public:
  static constexpr int kFeatureCount = 16;
  static const std::array<const char*, kFeatureCount>& feature_names();

  void observe_batch(const core::TrainingState& state);       // BatchEnd
  void observe_validation(const core::TrainingState& state);  // ValidationEnd: reads state.select_metric
  void observe_rollback();

  std::vector<float> features(double progress) const;

  double loss() const { return loss_short_; }             // short running mean of the unweighted Dice + CE
  double loss_volatility() const;
  double validation() const { return validation_; }       // last value of the selection metric
  double best_validation() const { return best_; }
  double generalization_gap() const;
  int64_t validations() const { return validations_; }
  int64_t rollbacks() const { return rollbacks_; }
  double first_validation() const { return first_validation_; }

  // Every running value, for a checkpoint; restore() takes what values() returned (std::invalid_argument for
  // another length).
  std::vector<double> values() const;
  void restore(const std::vector<double>& values);

 private:
  int64_t batches_ = 0, loss_samples_ = 0, validations_ = 0, rollbacks_ = 0, since_best_ = 0;
  double loss_short_ = 0, loss_long_ = 0, log_change_square_ = 0, last_log_loss_ = 0;
  double gradient_mean_ = 0, gradient_square_ = 0;
  std::array<double, 4> terms_{};  // dice, ce, focal, boundary
  double validation_ = 0, previous_validation_ = 0, best_ = 0, first_validation_ = 0, validation_dice_ = 0;
  double recent_rollbacks_ = 0;
};

}  // namespace hypera::agents
