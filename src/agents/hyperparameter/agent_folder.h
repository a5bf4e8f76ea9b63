#pragma once
// A folder of saved hyperparameter agents: what `train --agents-from` deploys (a warm start) and what
// `train --agents-state` carries from one run to the next (meta-train's persistent policies and replay).
// Its manifest.txt is read and written by support/manifest.h.
//   manifest.txt        "format hypera-hyperparameter-agents-1", "agents <names>", "runs <K>" (the runs that
//                       saved into the folder; a folder without the line counts as 0)
//   agent_<name>.pt     SacAgent::save_bytes(): networks, optimizers, temperature, counters, generators
//   state_<name>.pt     with replay only: SacAgent::save(), the same plus the replay (one rank's shard)
// Saving writes every file atomically (fsynced), the manifest last, so a reader sees either the previous
// complete folder's manifest or the new one; other files in the folder (event files) stay. Called from one
// thread.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sac/agent/sac_agent.h"

namespace hypera::agents {

struct AgentFolderManifest {
  std::vector<std::string> agents;
  int64_t runs = 0;
};

// The folder's manifest; InputError naming the file when it is missing, not an agents manifest, or has a runs
// line that is not a whole number >= 0.
AgentFolderManifest read_agent_manifest(const std::filesystem::path& folder);

// Writes `agents` (name, agent) into `folder` (created when missing), with their replay when `with_replay`.
void save_agent_folder(const std::filesystem::path& folder,
                       const std::vector<std::pair<std::string, const sac::SacAgent*>>& agents, bool with_replay,
                       int64_t runs);

// Loads agent `name` from `folder` into `agent` (with its replay when `with_replay`); false when the folder
// has no file for it. InputError naming the file when it does not match the agent.
bool load_agent(const std::filesystem::path& folder, const std::string& name, bool with_replay, sac::SacAgent& agent);

}  // namespace hypera::agents
