#include "agents/hyperparameter/training_signals.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace hypera::agents {
namespace {

constexpr double kShortRate = 0.2, kLongRate = 0.02;
constexpr const char* kTermNames[4] = {"dice", "ce", "focal", "boundary"};

double clip(double value, double lower, double upper) {
  if (!std::isfinite(value)) return value > 0 ? upper : lower;
  return std::min(upper, std::max(lower, value));
}

// Exponential running mean; the first sample sets it.
void blend(double& mean, double sample, double rate, bool first) { mean = first ? sample : mean + rate * (sample - mean); }

}  // namespace

const std::array<const char*, TrainingSignals::kFeatureCount>& TrainingSignals::feature_names() {
  static const std::array<const char*, kFeatureCount> names = {
      "progress",   "log_loss",          "loss_trend",         "loss_volatility", "log_gradient_norm",
      "gradient_noise", "validation",    "validation_change",  "best_validation", "stagnation",
      "generalization_gap", "dice_term", "ce_term",            "focal_term",      "boundary_term",
      "rollbacks"};
  return names;
}

void TrainingSignals::observe_batch(const core::TrainingState& state) {
  if (!std::isfinite(state.train_loss)) return;  // skipped steps carry no signal
  const bool first = batches_ == 0;
  // The loss signals follow the unweighted Dice + CE, not the composite loss: the loss-weight agent changes the
  // composite's scale, and a boundary term can make it <= 0.
  const auto dice = state.loss_terms.find("dice"), ce = state.loss_terms.find("ce");
  const double loss = dice != state.loss_terms.end() && ce != state.loss_terms.end() ? dice->second + ce->second : NAN;
  if (std::isfinite(loss) && loss > 0) {
    const double log_loss = std::log(loss);
    if (loss_samples_ > 0) {
      const double change = log_loss - last_log_loss_;
      blend(log_change_square_, change * change, kShortRate, loss_samples_ == 1);
    }
    last_log_loss_ = log_loss;
    blend(loss_short_, loss, kShortRate, loss_samples_ == 0);
    blend(loss_long_, loss, kLongRate, loss_samples_ == 0);
    ++loss_samples_;
  }
  if (std::isfinite(state.gradient_norm)) {
    blend(gradient_mean_, state.gradient_norm, kShortRate, first);
    blend(gradient_square_, state.gradient_norm * state.gradient_norm, kShortRate, first);
  }
  for (int i = 0; i < 4; ++i) {
    const auto it = state.loss_terms.find(kTermNames[i]);
    if (it != state.loss_terms.end() && std::isfinite(it->second)) blend(terms_[i], it->second, kShortRate, first);
  }
  recent_rollbacks_ *= 0.95;
  ++batches_;
}

void TrainingSignals::observe_validation(const core::TrainingState& state) {
  const auto it = state.validation.find(state.select_metric);
  if (it == state.validation.end() || !std::isfinite(it->second)) return;
  previous_validation_ = validations_ == 0 ? it->second : validation_;
  validation_ = it->second;
  if (validations_ == 0) first_validation_ = validation_;
  if (validations_ == 0 || validation_ > best_) {
    best_ = validation_;
    since_best_ = 0;
  } else {
    ++since_best_;
  }
  const auto dice = state.validation.find("dice");
  validation_dice_ = dice != state.validation.end() ? dice->second : validation_;
  ++validations_;
}

void TrainingSignals::observe_rollback() {
  ++rollbacks_;
  recent_rollbacks_ += 1;
}

std::vector<double> TrainingSignals::values() const {
  std::vector<double> v = {double(batches_), double(loss_samples_), double(validations_), double(rollbacks_),
                           double(since_best_), loss_short_, loss_long_, log_change_square_, last_log_loss_,
                           gradient_mean_, gradient_square_, validation_, previous_validation_, best_,
                           first_validation_, validation_dice_, recent_rollbacks_};
  v.insert(v.end(), terms_.begin(), terms_.end());
  return v;
}

void TrainingSignals::restore(const std::vector<double>& v) {
  if (v.size() != 21) throw std::invalid_argument("TrainingSignals: " + std::to_string(v.size()) + " saved values, expected 21");
  batches_ = int64_t(v[0]), loss_samples_ = int64_t(v[1]), validations_ = int64_t(v[2]), rollbacks_ = int64_t(v[3]);
  since_best_ = int64_t(v[4]);
  loss_short_ = v[5], loss_long_ = v[6], log_change_square_ = v[7], last_log_loss_ = v[8], gradient_mean_ = v[9];
  gradient_square_ = v[10], validation_ = v[11], previous_validation_ = v[12], best_ = v[13], first_validation_ = v[14];
  validation_dice_ = v[15], recent_rollbacks_ = v[16];
  std::copy(v.begin() + 17, v.end(), terms_.begin());
}

double TrainingSignals::loss_volatility() const { return std::sqrt(std::max(0.0, log_change_square_)); }

double TrainingSignals::generalization_gap() const {
  return validations_ == 0 ? 0.0 : (1.0 - terms_[0]) - validation_dice_;
}

std::vector<float> TrainingSignals::features(double progress) const {
  const double gradient_variance = std::max(0.0, gradient_square_ - gradient_mean_ * gradient_mean_);
  const double noise = gradient_mean_ > 0 ? std::sqrt(gradient_variance) / gradient_mean_ : 0.0;
  std::vector<double> values = {
      clip(progress, 0, 1),
      loss_samples_ > 0 ? clip(std::log10(loss_short_), -3, 2) : 0.0,
      loss_samples_ > 0 ? clip(std::log(loss_short_ / loss_long_), -1, 1) : 0.0,
      clip(loss_volatility(), 0, 2),
      gradient_mean_ > 0 ? clip(std::log10(gradient_mean_) / 3, -1, 1) : 0.0,
      clip(noise, 0, 3),
      validation_,
      clip(10 * (validation_ - previous_validation_), -1, 1),
      best_,
      clip(since_best_ / 10.0, 0, 1),
      clip(generalization_gap(), -1, 1)};
  for (double term : terms_) values.push_back(clip(std::log1p(std::max(0.0, term)), 0, 3));
  values.push_back(clip(recent_rollbacks_, 0, 1));
  return std::vector<float>(values.begin(), values.end());
}

}  // namespace hypera::agents
