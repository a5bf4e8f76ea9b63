#pragma once
// Reads the manifest that `hypera_dist train --agents-state DIR` writes into DIR after every run:
//   format hypera-hyperparameter-agents-1
//   agents <names...>
//   runs K        how many runs have saved their agents into DIR so far
// meta-train counts its completed episodes by K. Thread-safe; reads one small file.
#include <filesystem>

namespace hypera::app {

// K of folder/manifest.txt, or 0 when that file does not exist. Throws hypera::InputError naming the file when
// it cannot be read, is not a hyperparameter-agents manifest, or lacks a "runs K" line with a whole K >= 0.
int completed_runs(const std::filesystem::path& folder);

}  // namespace hypera::app
