#include "app/meta/meta_report.h"

#include <cmath>
#include <limits>
#include <map>

#include "app/compare/statistics.h"
#include "app/compare/summary_file.h"
#include "core/logging/csv_writer.h"
#include "core/train/run_logger.h"
#include "support/input_error.h"
#include "support/durable_file.h"
#include "support/number_text.h"

namespace hypera::app {
namespace {

std::string cell(double value) { return std::isfinite(value) ? support::format_number(value) : std::string(); }

// The mean difference of episodes [begin, end); NaN for none.
double mean_difference(const std::vector<EpisodeRecord>& episodes, std::size_t begin, std::size_t end) {
  std::vector<double> differences;
  for (std::size_t i = begin; i < end; ++i) differences.push_back(episodes[i].difference);
  return differences.empty() ? std::numeric_limits<double>::quiet_NaN() : mean(differences);
}

void write_meta_csv(const std::filesystem::path& file, const std::vector<EpisodeRecord>& episodes) {
  support::write_file_atomically(file, [&](const std::filesystem::path& temporary) {
    core::CsvWriter csv(temporary,
                        {"episode", "task", "seed", "baseline", "final", "difference", "seconds", "updates"});
    for (const auto& record : episodes) {
      csv.write_row({std::to_string(record.episode), record.task, std::to_string(record.seed), cell(record.baseline),
                     cell(record.final_score), cell(record.difference), cell(record.seconds), cell(record.updates)});
    }
  });
}

}  // namespace

EpisodeRecord read_episode_record(const PlannedRun& run, int episode, double baseline, const std::string& metric) {
  const auto file = run.folder / "summary.json";
  const SummarySections summary = read_summary(file);
  EpisodeRecord record;
  record.episode = episode;
  record.task = run.arm;
  record.seed = run.seed;
  record.baseline = baseline;
  record.final_score = summary_value(summary, "final_validation", metric);
  record.difference = record.final_score - baseline;
  record.seconds = summary_value(summary, "timing", "total_seconds");
  record.updates = summary_value(summary, "agents", "updates");
  if (!std::isfinite(record.final_score)) throw InputError(file.string() + ": no number final_validation." + metric);
  if (!std::isfinite(record.seconds)) throw InputError(file.string() + ": no number timing.total_seconds");
  return record;
}

void write_meta_files(const std::filesystem::path& folder, const MetaProgress& progress) {
  const auto& episodes = progress.episodes;
  write_meta_csv(folder / "meta.csv", episodes);
  double seconds = progress.baseline_seconds;
  for (const auto& record : episodes) seconds += record.seconds;
  const std::size_t half = episodes.size() / 2;
  const std::map<std::string, std::map<std::string, double>> sections = {
      {"meta_train",
       {{"episodes", double(episodes.size())},
        {"runs", double(progress.baseline_runs + int(episodes.size()))},
        {"seconds", seconds},
        {"mean_difference_first_half", mean_difference(episodes, 0, half)},
        {"mean_difference_second_half", mean_difference(episodes, episodes.size() - half, episodes.size())}}}};
  support::write_file_atomically(folder / "meta.json", core::summary_json(sections));
}

}  // namespace hypera::app
