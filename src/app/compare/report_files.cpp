#include "app/compare/report_files.h"

#include <cmath>
#include <set>
#include <sstream>

#include "app/compare/comparison.h"
#include "core/logging/csv_writer.h"
#include "core/train/durable_file.h"
#include "data/io/atomic_write.h"

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

void write_arm_table(std::ostream& md, const ReportInput& input) {
  std::vector<std::pair<std::string, std::string>> columns = {{"best", input.metric}, {"test", input.metric}};
  for (const char* extra : {"dice", "hd95"}) {
    if (extra != input.metric && any_run_has(input.runs, "test", extra)) columns.push_back({"test", extra});
  }
  md << "| arm | n (complete/planned) |";
  for (const auto& [section, key] : columns)
    md << " " << (section == "best" ? "validation" : "test") << " " << key << " (mean ± sd) |";
  md << "\n|---|---|";
  for (std::size_t i = 0; i < columns.size(); ++i) md << "---|";
  md << "\n";
  for (const auto& arm : input.arms) {
    int planned = 0, complete = 0;
    for (const auto& run : input.runs) {
      if (run.arm != arm) continue;
      ++planned;
      complete += run.complete ? 1 : 0;
    }
    md << "| " << arm << " | " << complete << "/" << planned << (complete < planned ? " (incomplete)" : "") << " |";
    for (const auto& [section, key] : columns)
      md << " " << mean_and_sd(arm_values(input.runs, arm, section, key)) << " |";
    md << "\n";
  }
}

void write_comparison(std::ostream& md, const ReportInput& input) {
  const Comparison comparison = compare_arms(input.arms, input.runs, input.metric);
  md << "\n## Against the best fixed arm\n\n";
  if (comparison.reference.empty()) {
    md << "No fixed arm (baseline, poly, cosine, onecycle, plateau) among --arms has a complete run: there is "
          "nothing to compare against.\n";
    return;
  }
  md << "Best fixed arm: **" << comparison.reference << "** (mean validation " << input.metric << " "
     << short_number(comparison.reference_validation)
     << "), chosen on validation; every other arm is compared with it on test, seed by seed.\n\n";
  md << "| arm | paired seeds | test " << input.metric << " difference per seed (arm - " << comparison.reference
     << ") | wins/ties/losses | mean difference | p (paired t) |\n|---|---|---|---|---|---|\n";
  for (const auto& other : comparison.others) {
    md << "| " << other.arm << " | " << other.differences.size() << " | ";
    for (std::size_t i = 0; i < other.differences.size(); ++i) {
      md << (i ? ", " : "") << "seed " << other.differences[i].seed << ": "
         << short_number(other.differences[i].difference, "%+.4g");
    }
    md << " | " << other.wins << "/" << other.ties << "/" << other.losses << " | "
       << short_number(other.test.mean_difference, "%+.4g") << " | "
       << (other.test.available() ? short_number(other.test.p) : std::string("n/a")) << " |\n";
  }
  md << "\nVerdicts (two-sided paired Student t test on test " << input.metric << ", alpha " << kSignificanceLevel
     << "):\n\n- " << comparison.reference << ": the best fixed arm (the reference)\n";
  for (const auto& other : comparison.others) md << "- " << other.arm << ": " << verdict(other) << "\n";
}

void write_compare_csv(const std::filesystem::path& file, const ReportInput& input) {
  const auto metrics = test_metrics(input.runs);
  std::vector<std::string> columns = {"arm", "seed", "status", "val_" + input.metric};
  for (const auto& metric : metrics) columns.push_back("test_" + metric);
  columns.insert(columns.end(), {"total_seconds", "agents_fraction"});
  auto cell = [](const RunResult& run, const std::string& section, const std::string& key) {
    const double value = summary_value(run.summary, section, key);
    return std::isfinite(value) ? core::format_number(value) : std::string();
  };
  data::write_atomically(file, [&](const std::filesystem::path& temporary) {
    core::CsvWriter csv(temporary, columns);
    for (const auto& run : input.runs) {
      std::vector<std::string> row = {run.arm, std::to_string(run.seed), run.complete ? "ok" : "failed",
                                      cell(run, "best", input.metric)};
      for (const auto& metric : metrics) row.push_back(cell(run, "test", metric));
      row.push_back(cell(run, "timing", "total_seconds"));
      row.push_back(cell(run, "agents", "fraction_of_run"));
      csv.write_row(row);
    }
  });
}

}  // namespace

std::string compare_markdown(const ReportInput& input) {
  std::ostringstream md;
  md << "# hypera_dist compare\n\n"
     << "Arms " << joined(input.arms) << " on " << input.seeds << " seeds (--train.seed=0.." << input.seeds - 1
     << "). Each run keeps the epoch with "
     << "the best validation " << input.metric << " (best." << input.metric << "); arms are judged on the test split "
     << "(test." << input.metric << "). Higher is better.\n\n## Arms\n\n";
  write_arm_table(md, input);
  write_comparison(md, input);
  bool header = false;
  for (const auto& run : input.runs) {
    if (run.complete) continue;
    if (!header) md << "\n## Runs that did not complete\n\n";
    header = true;
    md << "- " << run.arm << " seed " << run.seed << ": " << run.problem << "\n";
  }
  md << "\n## Trajectories\n\n";
  for (const auto& note : input.trajectory_notes) md << note << "\n";
  return md.str();
}

std::string write_report(const std::filesystem::path& folder, const ReportInput& input) {
  write_compare_csv(folder / "compare.csv", input);
  const std::string markdown = compare_markdown(input);
  core::write_file_atomically(folder / "compare.md", markdown);
  return markdown;
}

}  // namespace hypera::app
