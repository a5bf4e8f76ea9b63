#pragma once
// What `hypera_dist meta-train` is asked for: the tasks (one config each), how many episodes on how many seeds,
// the meta folder and the user's overrides; and the task names derived from the configs. Pure functions of
// their arguments; thread-safe.
#include <filesystem>
#include <string>
#include <vector>

namespace hypera::app {

struct MetaRequest {
  std::vector<std::filesystem::path> configs;  // --config, in order: one task each
  int episodes = 0;                            // --episodes: episodes 0..episodes-1
  int seeds = 0;                               // --seeds: runs use --train.seed=seed_base..seed_base+seeds-1
  int seed_base = 1000;                        // --seed-base (compare evaluates on seeds 0..9)
  std::filesystem::path out;                   // the meta folder
  std::vector<std::string> overrides;          // the user's --section.key=value, passed to every run
};

// The configs of a --config value ("configs/a.ini,configs/b.ini"). Throws hypera::InputError naming --config for
// an empty list or entry, and for two configs with the same task name.
std::vector<std::filesystem::path> parse_configs(const std::string& text);

// The task that `config` trains: its file name without the extension ("compare_mri" of "configs/compare_mri.ini").
std::string task_name(const std::filesystem::path& config);

}  // namespace hypera::app
