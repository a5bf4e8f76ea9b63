#pragma once
// The hyperparameter agents' part of a distributed training checkpoint: one HDF5 file that rank 0 writes
// from every rank's contribution (docs/ARCHITECTURE.md), so that a run resumes with the same agents, each rank's
// random states, and the replay shards re-partitioned for any number of ranks.
//
// File layout (format "hypera-agent-checkpoint-2", root attributes "format" and "ranks"):
//   /ranks/<r>/agent_<name>     uint8   rank r's SacAgent::save_bytes(): networks (equal on every rank),
//                                       its random generators, n-step accumulator and counters
//   /ranks/<r>/coordinator      uint8   rank r's decision memory (AgentStore::memory_bytes of the decider: its
//                                       generator, shared signals, open decisions, counters, reward statistics)
//   /replay/<name>/             every rank's shard of the agent's replay merged in sequence-id order:
//                               sequence_ids int64 [N], states f32 [N,S], actions f32 [N,A], rewards f32 [N],
//                               next_states f32 [N,S], discounts f32 [N]; attribute "offered" (stream length)
// Rank r of a world of R ranks restores rank r's states when the writing world had more than r ranks, and
// otherwise rank (r mod writers)'s (its warm-up actions and replay draws then repeat that rank's stream on
// another shard). Every rank reads the whole replay and keeps its own shard (ShardedReplay::restore).
// Both the writer and the reader make every HDF5 call under lock_hdf5() (data/pipeline/hdf5_lock.h), so other
// threads may read or write other HDF5 files meanwhile.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sac/replay/sharded_replay.h"

namespace hypera::agents {

struct AgentShardState {
  std::string state;                      // SacAgent::save_bytes()
  sac::SequencedTransitions experience;   // this rank's shard; after reading: every rank's, merged
  int64_t offered = 0;                    // the all-gathered stream's length
};

// What one rank contributes to (and restores from) the checkpoint.
struct RankAgentState {
  std::map<std::string, AgentShardState> agents;  // by agent name
  std::string coordinator;  // the coordinator's own state (opaque bytes)
};

// One rank's contribution as bytes for a gather, and back. unpack throws std::runtime_error when damaged.
std::string pack(const RankAgentState& state);
RankAgentState unpack(const std::string& bytes);

// Writes `path` (replacing it) from every rank's contribution, index = rank; the file is fsynced.
// Throws hypera::InputError naming the path when it cannot be written.
void write_agent_checkpoint(const std::filesystem::path& path, const std::vector<RankAgentState>& ranks);

// What `rank` restores (see above); agents[name].experience holds every rank's transitions. Throws
// hypera::InputError naming the path when the file is missing, damaged or not of this format, also for a
// dataset that declares more bytes than the file holds (checked before anything is allocated). libhdf5 itself
// is not safe on crafted files: callers read only files whose checkpoint MANIFEST checksum matched.
RankAgentState read_agent_checkpoint(const std::filesystem::path& path, int rank);

}  // namespace hypera::agents
