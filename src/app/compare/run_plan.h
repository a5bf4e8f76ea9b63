#pragma once
// What `hypera_dist compare` runs: one training run per (arm, seed), each a `train` command line with its
// own run folder and log file under the compare folder:
//   OUT/runs/<arm>/seed_<k>/      the run folder (--out)
//   OUT/runs/<arm>/seed_<k>.log   the run's stdout and stderr
// Pure functions of their arguments; thread-safe.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hypera::app {

struct CompareRequest {
  std::filesystem::path config;        // --config
  std::vector<std::string> arms;       // in --arms order
  int seeds = 0;                       // runs use --train.seed=0..seeds-1
  std::filesystem::path out;           // the compare folder
  std::vector<std::string> overrides;  // the user's --section.key=value, passed to every run
};

struct PlannedRun {
  std::string arm;
  int seed = 0;
  std::filesystem::path folder;          // the run folder; its summary.json marks the run as finished
  std::filesystem::path log;             // stdout and stderr of the run
  std::vector<std::string> arguments;    // after the executable: "train", "--config", ...
  std::optional<std::size_t> waits_for;  // index (always below this run's own) of the run it starts from
};

// Throws hypera::InputError "option --<key>: <reason>; remove it" for the first of `overrides` (the user's
// "--section.key=value" or "--name value" words) whose key ("train.seed", "agents-from") is in `owned`: keys
// that the command sets itself per run.
void refuse_owned_overrides(const std::vector<std::string>& overrides, const std::set<std::string>& owned,
                            const std::string& reason);

// The arms of an --arms value ("baseline,poly"). Throws hypera::InputError naming --arms for an empty list,
// an empty name, a duplicate or an unknown arm.
std::vector<std::string> parse_arms(const std::string& text);

// Every run, arm by arm in --arms order except that warm-starting arms come after all others (so the runs
// they start from are started first), seeds ascending. Each run's arguments are
//   train --config C --out F --resume auto <user overrides> <arm overrides> --train.seed=k [--agents-from W]
// (--resume auto: a run that a killed compare left half done continues). Throws hypera::InputError when a
// warm-starting arm lacks its source arm in --arms or seeds < 2, and when a user override sets a key that
// compare sets itself (train.seed, or a key of an arm's overrides).
std::vector<PlannedRun> plan_runs(const CompareRequest& request);

}  // namespace hypera::app
