#pragma once
// Continuous action bounds as a grid of choices, so that the discrete SAC can learn them
// (SacConfig.action_bins > 1). Each dimension i takes `bins` evenly spaced values from low[i] to high[i],
// both included; a choice is one value per dimension, numbered with dimension 0 varying fastest.
// Immutable after construction, thread-safe.
#include <cstdint>
#include <vector>

#include "sac/agent/sac_config.h"

namespace hypera::sac {

class ActionBins {
 public:
  static constexpr int64_t kMaxChoices = 4096;  // bins^|A| beyond this is refused: the critic has one output each

  // std::invalid_argument for empty or unequal bounds, low >= high, bins < 2, or more than kMaxChoices choices.
  ActionBins(std::vector<float> low, std::vector<float> high, int64_t bins);

  int64_t choices() const { return choices_; }

  // The |A| values of `choice` in [0, choices()); std::invalid_argument outside.
  std::vector<float> values(int64_t choice) const;

  // The choice nearest to `values` (|A| finite values; each is clamped into its bounds, then rounded to the
  // nearest bin). std::invalid_argument for a wrong size or a non-finite value.
  int64_t choice_of(const std::vector<float>& values) const;

  // What the discrete learner is configured with: `config` with the bounds removed, discrete_actions =
  // choices() and action_bins = 0.
  SacConfig discrete_config(const SacConfig& config) const;

 private:
  std::vector<float> low_;
  std::vector<float> high_;
  int64_t bins_ = 0;
  int64_t choices_ = 0;
};

}  // namespace hypera::sac
