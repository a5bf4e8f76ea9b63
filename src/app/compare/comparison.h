#pragma once
// The comparison of `hypera_dist compare`, honest about selection: the reference is the fixed-schedule arm
// (arms.h: constant, baseline, constant-tuned, poly, cosine, onecycle, plateau) with the best mean VALIDATION
// metric (best.<metric>), and every other arm is then judged against it on TEST (test.<metric>), seed by seed
// (the same seed gives the same data order and initialization up to the arm's changes, so differences are
// paired). constant-tuned is judged by the runs of its sweep group with the best mean validation metric.
// Higher is better (train selects by dice or object_f1). The decision rule is decision_rule(). Pure functions
// of their arguments; thread-safe.
#include <string>
#include <vector>

#include "app/compare/run_result.h"
#include "app/compare/statistics.h"

namespace hypera::app {

constexpr double kSignificanceLevel = 0.05;
constexpr double kDefaultMargin = 0.01;  // --margin: the equivalence margin of the TOST test

// The finite values sections[section][key] of the complete runs of `arm`, in seed order.
std::vector<double> arm_values(const std::vector<RunResult>& runs, const std::string& arm, const std::string& section,
                               const std::string& key);

// The sweep group of constant-tuned with the best mean best.<metric> over its complete runs (the first in
// plan order on ties), or "" when none has a complete run.
std::string best_tuned_group(const std::vector<RunResult>& runs, const std::string& metric);

// `runs` without the runs of constant-tuned's other sweep groups: the runs every arm is judged by.
std::vector<RunResult> judged_runs(const std::vector<RunResult>& runs, const std::string& metric);

enum class Verdict { kBetter, kWorse, kEquivalent, kInconclusive };

// "better", "worse", "equivalent", "inconclusive".
const char* verdict_name(Verdict verdict);

// The decision rule as one Markdown paragraph, with `margin` as the equivalence margin's text ("0.01").
std::string decision_rule(const std::string& margin);

struct SeedDifference {
  int seed = 0;
  double difference = 0;  // arm's test metric minus the reference's, on this seed
};

struct ArmComparison {
  std::string arm;
  std::vector<SeedDifference> differences;  // the seeds where both arms have a finite test metric
  int wins = 0, ties = 0, losses = 0;       // differences > 0, == 0, < 0
  PairedTest test;
  Interval interval;  // 95 % percentile bootstrap interval of the mean difference; NaN without pairs
  double holm_p = 0;  // test.p adjusted by Holm over every other arm's available test; NaN without a test
  double tost_p = 0;  // equivalence_p(test, margin); NaN without a test
  Verdict verdict = Verdict::kInconclusive;
};

struct Comparison {
  std::string reference;              // the best fixed arm; empty when --arms has none with results
  double reference_validation = 0;    // its mean validation metric
  std::string tuned_group;            // the sweep group that constant-tuned stands for; "" when none
  std::vector<ArmComparison> others;  // every other arm, in `arms` order
};

// Compares `arms` (their results in `runs`, every planned run) on `metric` with the equivalence margin
// `margin`. Of fixed arms with equal mean validation metric the first in `arms` is the reference.
Comparison compare_arms(const std::vector<std::string>& arms, const std::vector<RunResult>& runs,
                        const std::string& metric, double margin);

// `value` printed by printf `pattern` ("%.4g" by default: "0.8123", "138.2"); "n/a" when not finite. The
// numbers of compare.md, the verdicts and the progress lines.
std::string short_number(double value, const char* pattern = "%.4g");

}  // namespace hypera::app
