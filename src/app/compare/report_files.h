#pragma once
// The report files of `hypera_dist compare` in the compare folder:
//   compare.csv  one row per planned run: arm, seed, status (ok | failed), val_<metric> (best.<metric>),
//                test_<m> for every test metric any run has, total_seconds, agents_fraction (empty when absent)
//   compare.md   per-arm statistics (n, mean and sample standard deviation of the validation and test metric,
//                of test dice and hd95 when present), the best fixed arm, the paired test of every other arm
//                against it with wins/ties/losses and a verdict line, the runs that did not complete, and
//                the lines about the trajectory plots it is given.
// Both are written atomically (a temporary file renamed onto the name). Called from one thread.
#include <filesystem>
#include <string>
#include <vector>

#include "app/compare/run_result.h"

namespace hypera::app {

struct ReportInput {
  std::vector<std::string> arms;  // in --arms order
  int seeds = 0;
  std::string metric;                         // the selection metric (dice, object_f1)
  std::vector<RunResult> runs;                // every planned run
  std::vector<std::string> trajectory_notes;  // lines for the trajectories section
};

// The Markdown text of compare.md.
std::string compare_markdown(const ReportInput& input);

// Writes compare.csv and compare.md into `folder` (which must exist) and returns the Markdown text. Throws
// hypera::InputError naming a file that cannot be written.
std::string write_report(const std::filesystem::path& folder, const ReportInput& input);

}  // namespace hypera::app
