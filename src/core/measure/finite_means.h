#pragma once
// Means of metric values over images (samples) that stay readable when some values are not finite. The one
// rule of the project for a mean over images, used by the trainer's evaluation (core/train/evaluator.h) and
// by `hypera_dist eval`:
//   - the mean of a metric is taken over its FINITE values only;
//   - its values that are not finite (NaN: "nothing to measure"; +-inf: "no surface to measure the distance
//     to", see the empty-mask table of scores.h) are left out of the mean and counted instead;
//   - a metric without any finite value has the mean NaN (its count then equals the number of rows).
// So one image with an empty prediction makes hd95's count 1 instead of making its mean infinite.
#include <cstdint>
#include <string>
#include <vector>

#include "core/measure/scores.h"

namespace hypera::core {

// "<metric>_nonfinite": the name under which a metric's count of non-finite values is reported.
std::string nonfinite_name(const std::string& metric);

// Running sums of rows of named values, every row with the same names in the same order. Not thread-safe;
// one per thread, combined through totals().
class FiniteMeans {
 public:
  explicit FiniteMeans(std::vector<std::string> names);

  // Adds one row. hypera::InputError when its names are not names(), in that order (nothing is added then).
  void add(const std::vector<NamedValue>& row);

  const std::vector<std::string>& names() const { return names_; }
  // The whole state as 3 * names().size() numbers: per name the sum of its finite values, then per name the
  // count of its finite values, then per name the count of its non-finite values. The element-wise sum of
  // several tallies' totals (e.g. an all-reduce over ranks) is the state of one tally of all their rows.
  const std::vector<double>& totals() const { return totals_; }
  // Replaces the state with such numbers; std::invalid_argument when their count is not 3 * names().size().
  void set_totals(std::vector<double> totals);
  // Rows added (or summed in through totals()); 0 without names.
  int64_t rows() const;
  // Per name, in order: the mean of its finite values, NaN when it has none.
  std::vector<NamedValue> means() const;
  // Per name with at least one non-finite value, in order: nonfinite_name(name) and that count.
  std::vector<NamedValue> nonfinite_counts() const;
  // means(), then nonfinite_counts(): what a report of the means holds.
  std::vector<NamedValue> means_and_counts() const;

 private:
  double finite_count(std::size_t k) const { return totals_[names_.size() + k]; }
  double nonfinite_count(std::size_t k) const { return totals_[2 * names_.size() + k]; }

  std::vector<std::string> names_;
  std::vector<double> totals_;
};

// The names of a row, in order (to start a FiniteMeans from the first row).
std::vector<std::string> names_of(const std::vector<NamedValue>& row);

}  // namespace hypera::core
