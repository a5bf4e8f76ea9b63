#include "core/measure/finite_means.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "support/input_error.h"

namespace hypera::core {

std::string nonfinite_name(const std::string& metric) { return metric + "_nonfinite"; }

FiniteMeans::FiniteMeans(std::vector<std::string> names)
    : names_(std::move(names)), totals_(3 * names_.size(), 0.0) {}

void FiniteMeans::add(const std::vector<NamedValue>& row) {
  const std::size_t n = names_.size();
  if (row.size() != n) {
    throw InputError("mean of scores: a row has " + std::to_string(row.size()) + " values, expected " +
                     std::to_string(n));
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (row[k].name != names_[k]) {
      throw InputError("mean of scores: value " + std::to_string(k) + " is '" + row[k].name + "', expected '" +
                       names_[k] + "'");
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (std::isfinite(row[k].value)) {
      totals_[k] += row[k].value;
      totals_[n + k] += 1;
    } else {
      totals_[2 * n + k] += 1;
    }
  }
}

void FiniteMeans::set_totals(std::vector<double> totals) {
  if (totals.size() != totals_.size()) {
    throw std::invalid_argument("FiniteMeans::set_totals: " + std::to_string(totals.size()) + " numbers, expected " +
                                std::to_string(totals_.size()));
  }
  totals_ = std::move(totals);
}

int64_t FiniteMeans::rows() const {
  return names_.empty() ? 0 : static_cast<int64_t>(finite_count(0) + nonfinite_count(0));
}

std::vector<NamedValue> FiniteMeans::means() const {
  std::vector<NamedValue> means;
  for (std::size_t k = 0; k < names_.size(); ++k) {
    const double count = finite_count(k);
    means.push_back({names_[k], count > 0 ? totals_[k] / count : std::numeric_limits<double>::quiet_NaN()});
  }
  return means;
}

std::vector<NamedValue> FiniteMeans::nonfinite_counts() const {
  std::vector<NamedValue> counts;
  for (std::size_t k = 0; k < names_.size(); ++k) {
    if (nonfinite_count(k) > 0) counts.push_back({nonfinite_name(names_[k]), nonfinite_count(k)});
  }
  return counts;
}

std::vector<NamedValue> FiniteMeans::means_and_counts() const {
  std::vector<NamedValue> values = means();
  const std::vector<NamedValue> counts = nonfinite_counts();
  values.insert(values.end(), counts.begin(), counts.end());
  return values;
}

std::vector<std::string> names_of(const std::vector<NamedValue>& row) {
  std::vector<std::string> names;
  for (const NamedValue& value : row) names.push_back(value.name);
  return names;
}

}  // namespace hypera::core
