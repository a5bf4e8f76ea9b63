#pragma once
// The report files of `hypera_dist compare` in the compare folder:
//   compare.csv  one row per planned run: arm, group (the sweep group for constant-tuned, else the arm), seed,
//                status (ok | failed), val_<metric> (best.<metric>), test_<m> for every test metric any run
//                has, total_seconds, steps (training.steps), agents_fraction (empty when absent)
//   compare.md   a warning when fewer than 10 seeds are paired; the decision rule (comparison.h), before any
//                number; then per arm: n, validation mean, test mean ± sd, the mean paired difference with its
//                95 % bootstrap interval, Holm-adjusted p, TOST p, verdict, time to target (time_to_target.h;
//                target: the median best.<metric> of the best fixed arm's runs) and compute seconds
//                (compute_counted.h); the other test metrics (dice, hd95 when present); the constant-tuned
//                sweep; the differences per seed; the runs that did not complete and the lines about the
//                trajectory plots it is given.
// Both are written atomically (a temporary file renamed onto the name). Called from one thread; reads the
// runs' metrics.csv and META/meta.json.
#include <filesystem>
#include <string>
#include <vector>

#include "app/compare/run_result.h"

namespace hypera::app {

constexpr int kRecommendedSeeds = 10;

struct ReportInput {
  std::vector<std::string> arms;  // in --arms order
  int seeds = 0;
  std::string metric;                         // the selection metric (dice, object_f1)
  double margin = 0.01;                       // the equivalence margin (--margin)
  std::filesystem::path meta;                 // --meta, empty when not given
  std::vector<RunResult> runs;                // every planned run
  std::vector<std::string> trajectory_notes;  // lines for the trajectories section
};

// The Markdown text of compare.md.
std::string compare_markdown(const ReportInput& input);

// Writes compare.csv and compare.md into `folder` (which must exist) and returns the Markdown text. Throws
// hypera::InputError naming a file that cannot be written.
std::string write_report(const std::filesystem::path& folder, const ReportInput& input);

}  // namespace hypera::app
