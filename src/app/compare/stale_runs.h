#pragma once
// Runs that `compare` must not reuse: a run folder left by an earlier call whose resolved configuration (its
// config.ini; a population's first member's) differs from what this call plans for it (another budget, other
// overrides, another version's defaults). Reusing it would mix another experiment into the statistics.
// Thread-safe; pure except for reading the run folder's config.ini.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/compare/run_plan.h"

namespace hypera::app {

// The first key ("train.epochs") whose line differs between two resolved config.ini texts ("[section]" headers
// and "key = value" lines; blank lines and lines starting with '#' or ';' skipped), or "" when they agree. A key
// present in one text only differs.
std::string first_differing_key(const std::string& planned, const std::string& stored);

// The "--section.key=value" words of a planned run's arguments: the overrides it passes to train on top of the
// config file (not --out, --resume or --agents-from).
std::vector<std::string> config_overrides(const PlannedRun& run);

// The config.ini an earlier call left for `run`: the run folder's, or its first member's for a population run;
// empty when the folder holds neither.
std::filesystem::path stored_config(const PlannedRun& run);

// For every run whose folder holds a config.ini that differs from `resolve(run)` (the planned config.ini text):
// with `rerun`, the folder (and its log) is moved aside to "<folder>.stale-<n>" (never deleted) so that the run
// starts afresh, and its one-line description is returned; without it InputError names the run folder, the
// first differing key and the option --rerun-stale.
std::vector<std::string> handle_stale_runs(const std::vector<PlannedRun>& plan,
                                           const std::function<std::string(const PlannedRun&)>& resolve, bool rerun);

}  // namespace hypera::app
