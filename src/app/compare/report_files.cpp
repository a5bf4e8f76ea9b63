#include "app/compare/report_files.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <sstream>

#include "app/compare/comparison.h"
#include "app/compare/compute_counted.h"
#include "app/compare/time_to_target.h"
#include "core/logging/csv_writer.h"
#include "support/durable_file.h"
#include "support/number_text.h"

namespace hypera::app {
namespace {

// "0.8123 ± 0.0101" (sd "n/a" for a single value), or "n/a" for none.
std::string mean_and_sd(const std::vector<double>& values) {
  if (values.empty()) return "n/a";
  return short_number(mean(values)) + " ± " + short_number(sample_standard_deviation(values), "%.2g");
}

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  return list;
}

bool any_run_has(const std::vector<RunResult>& runs, const std::string& section, const std::string& key) {
  for (const auto& run : runs) {
    if (std::isfinite(summary_value(run.summary, section, key))) return true;
  }
  return false;
}

std::set<std::string> test_metrics(const std::vector<RunResult>& runs) {
  std::set<std::string> names;
  for (const auto& run : runs) {
    const auto test = run.summary.find("test");
    if (test == run.summary.end()) continue;
    for (const auto& entry : test->second) names.insert(entry.first);
  }
  return names;
}

// "complete/planned" runs of `arm` (of `group` when not empty), with " (incomplete)" when some failed.
std::string run_count(const std::vector<RunResult>& runs, const std::string& arm, const std::string& group = "") {
  int planned = 0, complete = 0;
  for (const auto& run : runs) {
    if (run.arm != arm || (!group.empty() && run.group != group)) continue;
    ++planned;
    complete += run.complete ? 1 : 0;
  }
  return std::to_string(complete) + "/" + std::to_string(planned) + (complete < planned ? " (incomplete)" : "");
}

// Everything the report says about the arms, computed once.
struct Analysis {
  Comparison comparison;
  std::vector<RunResult> judged;  // the runs each arm is judged by (judged_runs)
  double target = std::nan("");   // median best.<metric> of the reference's runs
};

const ArmComparison* find_comparison(const Comparison& comparison, const std::string& arm) {
  for (const auto& other : comparison.others) {
    if (other.arm == arm) return &other;
  }
  return nullptr;
}

TimeToTarget arm_time_to_target(const Analysis& analysis, const std::string& arm, const std::string& metric) {
  std::vector<std::filesystem::path> files;
  for (const auto& run : analysis.judged) {
    if (run.arm == arm && run.complete) files.push_back(run.folder / "metrics.csv");
  }
  return time_to_target(files, metric, analysis.target);
}

void write_warning(std::ostream& md, const ReportInput& input, const Analysis& analysis) {
  std::size_t paired = analysis.comparison.others.empty() ? 0 : SIZE_MAX;
  for (const auto& other : analysis.comparison.others) paired = std::min(paired, other.differences.size());
  if (paired >= std::size_t(kRecommendedSeeds)) return;
  md << "**Warning: fewer than " << kRecommendedSeeds << " paired seeds** (the fewest of any arm: " << paired << ", of "
     << input.seeds << " seeds). With so few seeds a real difference rarely passes the rule below and "
     << "the intervals are rough; use --seeds " << kRecommendedSeeds << " or more.\n\n";
}

void write_arm_table(std::ostream& md, const ReportInput& input, const Analysis& analysis) {
  const Comparison& comparison = analysis.comparison;
  md << "## Arms\n\n";
  if (comparison.reference.empty()) {
    md << "No fixed arm (constant, baseline, constant-tuned, poly, cosine, onecycle, plateau) among --arms has a "
          "complete run: there is nothing to compare against.\n\n";
  } else {
    md << "Best fixed arm: **" << comparison.reference << "** (mean validation " << input.metric << " "
       << short_number(comparison.reference_validation) << "), chosen on validation; every other arm is compared "
       << "with it on test, seed by seed. Time to target: steps and training seconds (sum of epoch_seconds) until "
       << "a run's validation " << input.metric << " first reaches the target " << short_number(analysis.target)
       << ", the median over seeds of the best fixed arm's best validation score (best." << input.metric
       << "); medians over the runs that reached it. Compute: summary total_seconds of every complete run of the "
       << "arm (all sweep runs for constant-tuned, plus the meta-training seconds for agents-meta and pbt-agents-meta).\n\n";
  }
  md << "| arm | n (complete/planned) | validation " << input.metric << " (mean) | test " << input.metric
     << " (mean ± sd) | difference (mean [95 % bootstrap]) | Holm p | TOST p (±" << short_number(input.margin)
     << ") | verdict | target reached | median steps to target | median seconds to target | compute seconds |\n"
     << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  std::vector<std::string> problems;
  for (const auto& arm : input.arms) {
    md << "| " << arm << " | " << run_count(analysis.judged, arm) << " | "
       << short_number(mean(arm_values(analysis.judged, arm, "best", input.metric))) << " | "
       << mean_and_sd(arm_values(analysis.judged, arm, "test", input.metric)) << " | ";
    if (arm == comparison.reference) {
      md << "reference | | | reference | ";
    } else if (const ArmComparison* other = find_comparison(comparison, arm)) {
      md << short_number(other->test.mean_difference, "%+.4g") << " [" << short_number(other->interval.lower, "%+.4g")
         << ", " << short_number(other->interval.upper, "%+.4g") << "] | " << short_number(other->holm_p) << " | "
         << short_number(other->tost_p) << " | " << verdict_name(other->verdict) << " | ";
    } else {
      md << "n/a | n/a | n/a | n/a | ";
    }
    const TimeToTarget time = arm_time_to_target(analysis, arm, input.metric);
    problems.insert(problems.end(), time.problems.begin(), time.problems.end());
    const ComputeCounted compute = compute_counted(input.runs, arm, input.meta);
    if (!compute.problem.empty()) problems.push_back(arm + " compute: " + compute.problem);
    md << time.reached << "/" << time.runs << " | " << short_number(time.median_steps) << " | "
       << short_number(time.median_seconds) << " | " << short_number(compute.seconds, "%.0f") << " |\n";
  }
  for (const auto& problem : problems) md << "\n- not counted: " << problem;
  if (!problems.empty()) md << "\n";
}

void write_other_metrics(std::ostream& md, const ReportInput& input, const Analysis& analysis) {
  std::vector<std::string> extras;
  for (const char* extra : {"dice", "hd95"}) {
    if (extra != input.metric && any_run_has(analysis.judged, "test", extra)) extras.push_back(extra);
  }
  if (extras.empty()) return;
  md << "\n## Other test metrics\n\n| arm |";
  for (const auto& extra : extras) md << " test " << extra << " (mean ± sd) |";
  md << "\n|---|";
  for (std::size_t i = 0; i < extras.size(); ++i) md << "---|";
  md << "\n";
  for (const auto& arm : input.arms) {
    md << "| " << arm << " |";
    for (const auto& extra : extras) md << " " << mean_and_sd(arm_values(analysis.judged, arm, "test", extra)) << " |";
    md << "\n";
  }
}

void write_sweep(std::ostream& md, const ReportInput& input, const Analysis& analysis) {
  if (std::find(input.arms.begin(), input.arms.end(), "constant-tuned") == input.arms.end()) return;
  md << "\n## constant-tuned: the learning-rate sweep\n\nThe sweep group with the best mean validation " << input.metric
     << " stands for constant-tuned: **"
     << (analysis.comparison.tuned_group.empty() ? "none (no complete run)" : analysis.comparison.tuned_group)
     << "**.\n\n| group | n (complete/planned) | validation " << input.metric << " (mean ± sd) |\n|---|---|---|\n";
  std::vector<std::string> groups;
  for (const auto& run : input.runs) {
    if (run.arm == "constant-tuned" && std::find(groups.begin(), groups.end(), run.group) == groups.end()) {
      groups.push_back(run.group);
    }
  }
  for (const auto& group : groups) {
    std::vector<double> validation;
    for (const auto& run : input.runs) {
      const double value = summary_value(run.summary, "best", input.metric);
      if (run.group == group && run.complete && std::isfinite(value)) validation.push_back(value);
    }
    md << "| " << group << " | " << run_count(input.runs, "constant-tuned", group) << " | " << mean_and_sd(validation)
       << " |\n";
  }
}

void write_differences(std::ostream& md, const ReportInput& input, const Analysis& analysis) {
  const Comparison& comparison = analysis.comparison;
  if (comparison.reference.empty()) return;
  md << "\n## Differences per seed\n\n| arm | paired seeds | test " << input.metric << " difference per seed (arm - "
     << comparison.reference << ") | wins/ties/losses | p (paired t) |\n|---|---|---|---|---|\n";
  for (const auto& other : comparison.others) {
    md << "| " << other.arm << " | " << other.differences.size() << " | ";
    for (std::size_t i = 0; i < other.differences.size(); ++i) {
      md << (i ? ", " : "") << "seed " << other.differences[i].seed << ": "
         << short_number(other.differences[i].difference, "%+.4g");
    }
    md << " | " << other.wins << "/" << other.ties << "/" << other.losses << " | "
       << (other.test.available() ? short_number(other.test.p) : "n/a: " + other.test.not_available) << " |\n";
  }
  md << "\nVerdicts:\n\n- " << comparison.reference << ": the best fixed arm (the reference)\n";
  for (const auto& other : comparison.others) md << "- " << other.arm << ": " << verdict_name(other.verdict) << "\n";
}

void write_compare_csv(const std::filesystem::path& file, const ReportInput& input) {
  const auto metrics = test_metrics(input.runs);
  std::vector<std::string> columns = {"arm", "group", "seed", "status", "val_" + input.metric};
  for (const auto& metric : metrics) columns.push_back("test_" + metric);
  columns.insert(columns.end(), {"total_seconds", "steps", "agents_fraction"});
  auto cell = [](const RunResult& run, const std::string& section, const std::string& key) {
    const double value = summary_value(run.summary, section, key);
    return std::isfinite(value) ? support::format_number(value) : std::string();
  };
  support::write_file_atomically(file, [&](const std::filesystem::path& temporary) {
    core::CsvWriter csv(temporary, columns);
    for (const auto& run : input.runs) {
      std::vector<std::string> row = {run.arm, run.group, std::to_string(run.seed), run.complete ? "ok" : "failed",
                                      cell(run, "best", input.metric)};
      for (const auto& metric : metrics) row.push_back(cell(run, "test", metric));
      row.push_back(cell(run, "timing", "total_seconds"));
      row.push_back(cell(run, "training", "steps"));
      row.push_back(cell(run, "agents", "fraction_of_run"));
      csv.write_row(row);
    }
  });
}

}  // namespace

std::string compare_markdown(const ReportInput& input) {
  Analysis analysis;
  analysis.comparison = compare_arms(input.arms, input.runs, input.metric, input.margin);
  analysis.judged = judged_runs(input.runs, input.metric);
  analysis.target = median(arm_values(analysis.judged, analysis.comparison.reference, "best", input.metric));

  std::ostringstream md;
  md << "# hypera_dist compare\n\n"
     << "Arms " << joined(input.arms) << " on " << input.seeds << " seeds (--train.seed=0.." << input.seeds - 1
     << "). Each run keeps the epoch with "
     << "the best validation " << input.metric << " (best." << input.metric << "); arms are judged on the test split "
     << "(test." << input.metric << "). Higher is better.\n\n";
  write_warning(md, input, analysis);
  md << "## Decision rule\n\n" << decision_rule(short_number(input.margin)) << "\n\n";
  write_arm_table(md, input, analysis);
  write_other_metrics(md, input, analysis);
  write_sweep(md, input, analysis);
  write_differences(md, input, analysis);
  bool header = false;
  for (const auto& run : input.runs) {
    if (run.complete) continue;
    if (!header) md << "\n## Runs that did not complete\n\n";
    header = true;
    md << "- " << run.group << " seed " << run.seed << ": " << run.problem << "\n";
  }
  md << "\n## Trajectories\n\n";
  for (const auto& note : input.trajectory_notes) md << note << "\n";
  return md.str();
}

std::string write_report(const std::filesystem::path& folder, const ReportInput& input) {
  write_compare_csv(folder / "compare.csv", input);
  const std::string markdown = compare_markdown(input);
  support::write_file_atomically(folder / "compare.md", markdown);
  return markdown;
}

}  // namespace hypera::app
