#pragma once
// The results of `hypera_dist meta-train` in the meta folder, both rewritten atomically (a temporary file renamed
// onto the name) after every episode:
//   meta.csv   one row per completed episode: episode,task,seed,baseline,final,difference,seconds,updates
//              (baseline and final: final_validation.<metric> of the paired baseline and of the episode;
//              difference = final - baseline; seconds: the episode's timing.total_seconds; updates: its
//              agents.updates; a missing number is an empty cell)
//   meta.json  {"meta_train": {"episodes": E, "runs": baselines + E, "seconds": sum of timing.total_seconds of
//              every baseline and episode, "mean_difference_first_half": mean difference of episodes
//              0..E/2-1, "mean_difference_second_half": of the last E/2 episodes}} (E/2 rounded down: with an
//              odd E the middle episode is in neither half; a half without episodes is null)
// Called from one thread.
#include <filesystem>
#include <string>
#include <vector>

#include "app/compare/run_plan.h"

namespace hypera::app {

struct EpisodeRecord {
  int episode = 0;
  std::string task;
  int seed = 0;
  double baseline = 0;     // final_validation.<metric> of the paired baseline
  double final_score = 0;  // final_validation.<metric> of the episode
  double difference = 0;   // final_score - baseline
  double seconds = 0;      // timing.total_seconds of the episode
  double updates = 0;      // agents.updates of the episode (NaN when absent)
};

// The record of episode `episode`, planned as `run` (plan_episode), from run.folder/summary.json. Throws
// hypera::InputError naming that file when it cannot be read or lacks final_validation.<metric> or
// timing.total_seconds.
EpisodeRecord read_episode_record(const PlannedRun& run, int episode, double baseline, const std::string& metric);

struct MetaProgress {
  std::vector<EpisodeRecord> episodes;  // the completed episodes, in order
  int baseline_runs = 0;
  double baseline_seconds = 0;  // sum of the baselines' timing.total_seconds
};

// Writes meta.csv and meta.json into `folder` (which must exist). Throws hypera::InputError naming a file that
// cannot be written.
void write_meta_files(const std::filesystem::path& folder, const MetaProgress& progress);

}  // namespace hypera::app
