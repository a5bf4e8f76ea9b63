#pragma once
// Running statistics of one agent's rewards (Welford), for z-score normalisation with clipping, so that
// agents whose objectives move by different amounts learn at comparable scales.
#include <cstdint>
#include <vector>

namespace hypera::agents {

class RewardStatistics {
 public:
  // clip > 0: normalized rewards lie in [-clip, clip]. std::invalid_argument otherwise.
  explicit RewardStatistics(double clip = 5.0);

  void add(double reward);  // non-finite rewards throw std::invalid_argument
  // (reward - mean) / std, clipped; the raw reward (clipped) until two rewards were added, and the centred one
  // while the standard deviation is below 1e-8.
  double normalize(double reward) const;

  int64_t count() const { return count_; }
  double mean() const { return mean_; }
  double standard_deviation() const;  // population std; 0 before two rewards

  // count, mean and M2, for a checkpoint; restore() takes what values() returned (std::invalid_argument
  // otherwise).
  std::vector<double> values() const { return {double(count_), mean_, m2_}; }
  void restore(const std::vector<double>& values);

 private:
  double clip_;
  int64_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;
};

}  // namespace hypera::agents
