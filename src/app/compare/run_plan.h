#pragma once
// What `hypera_dist compare` runs: one training run per (arm group, seed), each a `train` command line with its
// own run folder and log file under the compare folder (see arms.h for the groups of an arm):
//   OUT/runs/<group>/seed_<k>/      the run folder (--out)
//   OUT/runs/<group>/seed_<k>.log   the run's stdout and stderr
//   OUT/openloop_schedule.csv       the schedule that agents-openloop replays (written by the caller from the
//                                   agents-meta runs between the two launches, see PlannedRun::launch)
// Thread-safe; pure functions of their arguments except that plan_runs checks that a file exists.
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
  double lr = 0;                       // the configuration's optim.lr, which constant-tuned sweeps around
  std::filesystem::path meta;          // --meta: the meta-training folder for agents-meta; empty when not given
  int population = 4;                  // --population: members of a population arm's runs
};

struct PlannedRun {
  std::string arm;    // as in --arms
  std::string group;  // the arm's group (arms.h): the arm, or a sweep group of constant-tuned
  int seed = 0;
  std::filesystem::path folder;          // the run folder; its summary.json marks the run as finished
  std::filesystem::path log;             // stdout and stderr of the run
  std::vector<std::string> arguments;    // after the executable: "train", "--config", ...
  int ranks = 1;                         // > 1: started as `mpiexec -n <ranks> --oversubscribe <executable> ...`
  std::optional<std::size_t> waits_for;  // index (always below this run's own) of the run it starts from
  // 0, or 1 for runs that replay a file built from the results of launch-0 runs (agents-openloop): the caller
  // launches the launch-1 runs only after every launch-0 run ended and the file is written.
  int launch = 0;
};

// Throws hypera::InputError "option --<key>: <reason>; remove it" for the first of `overrides` (the user's
// "--section.key=value" or "--name value" words) whose key ("train.seed", "agents-from") is in `owned`: keys
// that the command sets itself per run.
void refuse_owned_overrides(const std::vector<std::string>& overrides, const std::set<std::string>& owned,
                            const std::string& reason);

// The arms of an --arms value ("constant,poly"). Throws hypera::InputError naming --arms for an empty list,
// an empty name, a duplicate or an unknown arm.
std::vector<std::string> parse_arms(const std::string& text);

// The file that agents-openloop runs replay: OUT/openloop_schedule.csv.
std::filesystem::path openloop_schedule_path(const std::filesystem::path& out);

// Every run: arm by arm in --arms order (an arm's groups in arms.h order), except that warm-starting arms come
// after all others (so the runs they start from are started first) and launch-1 arms come last; seeds
// ascending. Each run's arguments are
//   train --config C --out F --resume auto <user overrides> <group overrides> --train.seed=k [--agents-from W]
// (--resume auto: a run that a killed compare left half done continues). Throws hypera::InputError when a
// warm-starting arm lacks its source arm in --arms or seeds < 2, when agents-openloop lacks agents-meta in
// --arms, when agents-meta is asked for without --meta or without the file META/agents/manifest.txt (the
// message names --meta), and when a user override sets a key that compare sets itself (train.seed, or a key
// of an arm group's overrides).
std::vector<PlannedRun> plan_runs(const CompareRequest& request);

}  // namespace hypera::app
