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
                           const std::string& metric, double margin) {
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
  comparison.interval = bootstrap_mean_interval(differences);
  comparison.tost_p = equivalence_p(comparison.test, margin);
  return comparison;
}

// The decision rule of decision_rule() on a comparison whose holm_p, interval and tost_p are set. NaN fails
// every comparison, so an arm without a test is inconclusive.
Verdict decide(const ArmComparison& comparison) {
  const bool significant = comparison.holm_p < kSignificanceLevel;
  const double mean_difference = comparison.test.mean_difference;
  if (significant && mean_difference > 0 && comparison.interval.lower > 0) return Verdict::kBetter;
  if (significant && mean_difference < 0 && comparison.interval.upper < 0) return Verdict::kWorse;
  if (comparison.tost_p < kSignificanceLevel) return Verdict::kEquivalent;
  return Verdict::kInconclusive;
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

std::string best_tuned_group(const std::vector<RunResult>& runs, const std::string& metric) {
  std::string best;
  double best_value = 0;
  for (const auto& run : runs) {
    if (run.arm != "constant-tuned" || run.group == best) continue;
    std::vector<double> validation;
    for (const auto& other : runs) {
      const double value = summary_value(other.summary, "best", metric);
      if (other.complete && other.group == run.group && std::isfinite(value)) validation.push_back(value);
    }
    if (!validation.empty() && (best.empty() || mean(validation) > best_value)) {
      best = run.group;
      best_value = mean(validation);
    }
  }
  return best;
}

std::vector<RunResult> judged_runs(const std::vector<RunResult>& runs, const std::string& metric) {
  const std::string tuned = best_tuned_group(runs, metric);
  std::vector<RunResult> judged;
  for (const auto& run : runs) {
    if (run.arm != "constant-tuned" || run.group == tuned) judged.push_back(run);
  }
  return judged;
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kBetter:
      return "better";
    case Verdict::kWorse:
      return "worse";
    case Verdict::kEquivalent:
      return "equivalent";
    case Verdict::kInconclusive:
      break;
  }
  return "inconclusive";
}

std::string decision_rule(const std::string& margin) {
  return "Every arm is compared with the best fixed arm on the test metric, seed by seed (difference = arm - "
         "reference on the same seed). **better**: the two-sided paired t test's p-value, Holm-adjusted over all "
         "compared arms, is below " +
         short_number(kSignificanceLevel) +
         ", the mean difference is above 0 and its "
         "95 % percentile bootstrap interval (" +
         std::to_string(kBootstrapResamples) +
         " resamples, fixed seed) "
         "lies above 0. **worse**: the same with the mean difference below 0 and the interval below 0. "
         "**equivalent**: neither, and the TOST equivalence test (two one-sided paired t tests) against the margin "
         "+-" +
         margin + " has p < " + short_number(kSignificanceLevel) +
         ", i.e. the whole 90 % t interval of the "
         "mean difference lies inside +-" +
         margin +
         ". **inconclusive**: anything else, also when there is no test "
         "(fewer than 2 paired seeds, or every difference equal).";
}

Comparison compare_arms(const std::vector<std::string>& arms, const std::vector<RunResult>& runs,
                        const std::string& metric, double margin) {
  Comparison comparison;
  comparison.tuned_group = best_tuned_group(runs, metric);
  const auto judged = judged_runs(runs, metric);
  for (const auto& arm : arms) {
    if (!is_fixed_arm(arm)) continue;
    const auto validation = arm_values(judged, arm, "best", metric);
    if (validation.empty()) continue;
    const double value = mean(validation);
    if (comparison.reference.empty() || value > comparison.reference_validation) {
      comparison.reference = arm;
      comparison.reference_validation = value;
    }
  }
  if (comparison.reference.empty()) return comparison;
  std::vector<double> p_values;
  for (const auto& arm : arms) {
    if (arm == comparison.reference) continue;
    comparison.others.push_back(compare_with(judged, arm, comparison.reference, metric, margin));
    const PairedTest& test = comparison.others.back().test;
    p_values.push_back(test.available() ? test.p : std::nan(""));
  }
  const auto adjusted = holm_adjust(p_values);
  for (std::size_t i = 0; i < comparison.others.size(); ++i) {
    comparison.others[i].holm_p = adjusted[i];
    comparison.others[i].verdict = decide(comparison.others[i]);
  }
  return comparison;
}

std::string short_number(double value, const char* pattern) {
  if (!std::isfinite(value)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

}  // namespace hypera::app
