#pragma once
// The comparison of `hypera_dist compare`, honest about selection: the reference is the fixed-schedule arm
// (baseline, poly, cosine, onecycle, plateau) with the best mean VALIDATION metric (best.<metric>), and every
// other arm is then judged against it on TEST (test.<metric>), seed by seed (the same seed gives the same data
// order and initialization up to the arm's changes, so differences are paired). Higher is better (train
// selects by dice or object_f1). Pure functions of their arguments; thread-safe.
#include <string>
#include <vector>

#include "app/compare/run_result.h"
#include "app/compare/statistics.h"

namespace hypera::app {

constexpr double kSignificanceLevel = 0.05;

// The finite values sections[section][key] of the complete runs of `arm`, in seed order.
std::vector<double> arm_values(const std::vector<RunResult>& runs, const std::string& arm, const std::string& section,
                               const std::string& key);

struct SeedDifference {
  int seed = 0;
  double difference = 0;  // arm's test metric minus the reference's, on this seed
};

struct ArmComparison {
  std::string arm;
  std::vector<SeedDifference> differences;  // the seeds where both arms have a finite test metric
  int wins = 0, ties = 0, losses = 0;       // differences > 0, == 0, < 0
  PairedTest test;
};

struct Comparison {
  std::string reference;              // the best fixed arm; empty when --arms has none with results
  double reference_validation = 0;    // its mean validation metric
  std::vector<ArmComparison> others;  // every other arm, in `arms` order
};

// Compares `arms` (their results in `runs`) on `metric`. Of fixed arms with equal mean validation metric the
// first in `arms` is the reference.
Comparison compare_arms(const std::vector<std::string>& arms, const std::vector<RunResult>& runs,
                        const std::string& metric);

// `value` printed by printf `pattern` ("%.4g" by default: "0.8123", "138.2"); "n/a" when not finite. The
// numbers of compare.md, the verdicts and the progress lines.
std::string short_number(double value, const char* pattern = "%.4g");

// One line: "beats the best fixed arm (p=0.012)", "no significant difference (p=0.4)", "worse (p=0.003)" (p as
// short_number) at kSignificanceLevel, or "n/a: <why>" when the test is not available.
std::string verdict(const ArmComparison& comparison);

}  // namespace hypera::app
