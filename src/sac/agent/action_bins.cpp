#include "sac/agent/action_bins.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace hypera::sac {

ActionBins::ActionBins(std::vector<float> low, std::vector<float> high, int64_t bins)
    : low_(std::move(low)), high_(std::move(high)), bins_(bins), choices_(1) {
  if (low_.empty() || low_.size() != high_.size()) {
    throw std::invalid_argument("ActionBins: need one low and one high bound per action dimension");
  }
  if (bins_ < 2) throw std::invalid_argument("SacConfig.action_bins: " + std::to_string(bins_) + " must be >= 2");
  for (size_t i = 0; i < low_.size(); ++i) {
    if (!(low_[i] < high_[i])) throw std::invalid_argument("ActionBins: low must be below high in every dimension");
    if (choices_ > kMaxChoices / bins_) {
      throw std::invalid_argument("SacConfig.action_bins: " + std::to_string(bins_) + " bins in " +
                                  std::to_string(low_.size()) + " dimensions exceed " + std::to_string(kMaxChoices) +
                                  " choices");
    }
    choices_ *= bins_;
  }
}

std::vector<float> ActionBins::values(int64_t choice) const {
  if (choice < 0 || choice >= choices_) {
    throw std::invalid_argument("ActionBins::values: choice " + std::to_string(choice) + " outside [0, " +
                                std::to_string(choices_) + ")");
  }
  std::vector<float> out(low_.size());
  const double last = static_cast<double>(bins_ - 1);
  for (size_t i = 0; i < out.size(); ++i, choice /= bins_) {
    const double fraction = static_cast<double>(choice % bins_) / last;
    out[i] = static_cast<float>(low_[i] + fraction * (static_cast<double>(high_[i]) - low_[i]));
  }
  return out;
}

int64_t ActionBins::choice_of(const std::vector<float>& values) const {
  if (values.size() != low_.size()) {
    throw std::invalid_argument("ActionBins::choice_of: " + std::to_string(values.size()) + " values, expected " +
                                std::to_string(low_.size()));
  }
  int64_t choice = 0;
  for (size_t k = values.size(); k-- > 0;) {
    if (!std::isfinite(values[k])) throw std::invalid_argument("ActionBins::choice_of: non-finite value");
    const double fraction = (std::clamp(values[k], low_[k], high_[k]) - static_cast<double>(low_[k])) /
                            (static_cast<double>(high_[k]) - low_[k]);
    choice = choice * bins_ + std::llround(fraction * static_cast<double>(bins_ - 1));
  }
  return choice;
}

SacConfig ActionBins::discrete_config(const SacConfig& config) const {
  SacConfig discrete = config;
  discrete.action_low.clear();
  discrete.action_high.clear();
  discrete.discrete_actions = choices_;
  discrete.action_bins = 0;
  return discrete;
}

}  // namespace hypera::sac
