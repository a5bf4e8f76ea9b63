#include "app/compare/comparison.h"

#include <cmath>
#include <cstdio>

#include "app/compare/arms.h"

namespace hypera::app {
namespace {

// The complete run of `arm` with `seed`, or nullptr.
const RunResult* find_run(const std::vector<RunResult>& runs, const std::string& arm, int seed) {
  for (const auto& run : runs) {
    if (run.arm == arm && run.seed == seed && run.complete) return &run;
  }
  return nullptr;
}

ArmComparison compare_with(const std::vector<RunResult>& runs, const std::string& arm, const std::string& reference,
                           const std::string& metric) {
  ArmComparison comparison;
  comparison.arm = arm;
  std::vector<double> differences;
  for (const auto& run : runs) {
    if (run.arm != arm || !run.complete) continue;
    const RunResult* other = find_run(runs, reference, run.seed);
    if (other == nullptr) continue;
    const double difference =
        summary_value(run.summary, "test", metric) - summary_value(other->summary, "test", metric);
    if (!std::isfinite(difference)) continue;
    comparison.differences.push_back({run.seed, difference});
    differences.push_back(difference);
    (difference > 0 ? comparison.wins : difference < 0 ? comparison.losses : comparison.ties) += 1;
  }
  comparison.test = paired_t_test(differences);
  return comparison;
}

}  // namespace

std::vector<double> arm_values(const std::vector<RunResult>& runs, const std::string& arm, const std::string& section,
                               const std::string& key) {
  std::vector<double> values;
  for (const auto& run : runs) {
    if (run.arm != arm || !run.complete) continue;
    const double value = summary_value(run.summary, section, key);
    if (std::isfinite(value)) values.push_back(value);
  }
  return values;
}

Comparison compare_arms(const std::vector<std::string>& arms, const std::vector<RunResult>& runs,
                        const std::string& metric) {
  Comparison comparison;
  for (const auto& arm : arms) {
    if (!is_fixed_arm(arm)) continue;
    const auto validation = arm_values(runs, arm, "best", metric);
    if (validation.empty()) continue;
    const double value = mean(validation);
    if (comparison.reference.empty() || value > comparison.reference_validation) {
      comparison.reference = arm;
      comparison.reference_validation = value;
    }
  }
  if (comparison.reference.empty()) return comparison;
  for (const auto& arm : arms) {
    if (arm != comparison.reference) comparison.others.push_back(compare_with(runs, arm, comparison.reference, metric));
  }
  return comparison;
}

std::string short_number(double value, const char* pattern) {
  if (!std::isfinite(value)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string verdict(const ArmComparison& comparison) {
  const PairedTest& test = comparison.test;
  if (!test.available()) return "n/a: " + test.not_available;
  const std::string p = "(p=" + short_number(test.p) + ")";
  if (test.p >= kSignificanceLevel) return "no significant difference " + p;
  return (test.mean_difference > 0 ? "beats the best fixed arm " : "worse ") + p;
}

}  // namespace hypera::app
