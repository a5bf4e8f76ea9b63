#pragma once
// Helpers shared by the replay tests: recognisable transitions and a chi-square statistic.
#include <cstdint>
#include <vector>

#include "sac/replay/transition.h"

namespace hypera::sac::test {

// A transition whose every field encodes `value`: state and next_state filled with value and value + 1,
// action with value / 10, reward value, discount 0.99. Lets a test tell which transition a batch row holds.
inline Transition numbered(float value, int64_t state_dim = 2, int64_t action_dim = 1) {
  return Transition{std::vector<float>(state_dim, value), std::vector<float>(action_dim, value / 10),
                    value, std::vector<float>(state_dim, value + 1), 0.99f};
}

// Pearson's statistic sum_i (counts_i - n p_i)^2 / (n p_i), n = sum of counts.
inline double chi_square(const std::vector<int64_t>& counts, const std::vector<double>& probabilities) {
  double n = 0;
  for (int64_t c : counts) n += static_cast<double>(c);
  double statistic = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    const double expected = n * probabilities[i];
    statistic += (counts[i] - expected) * (counts[i] - expected) / expected;
  }
  return statistic;
}

}  // namespace hypera::sac::test
