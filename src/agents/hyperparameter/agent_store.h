#pragma once
// Everything that reads or writes the hyperparameter agents' files, for the coordinator
// (hyperparameter_coordinator.h), through agent_folder.h and agent_checkpoint.h:
//  - a folder of saved agents: save() (rank 0 at TrainEnd into the save folder, with replay for a state
//    folder) and load() (a warm start, or a state folder's full state with replay);
//  - the agents' part of every "last" checkpoint, agents.h5: every rank's learners, generators and replay
//    shard, and the decider's DecisionMemory as the rank's opaque coordinator bytes (NumberWriter text: the
//    generator, the shared signals, the roll-backs counted, the last actors, then per agent its name, cadence
//    occurrences, decisions, open flag, state, action, signal snapshot at the decision, roll-back hits,
//    penalties and reward statistics); restored on resume, also on another number of ranks.
// Not thread-safe; the training thread calls it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "agents/hyperparameter/hyperparameter_decider.h"
#include "comm/collective.h"

namespace hypera::agents {

class AgentStore {
 public:
  // The store saves and restores the learners and memory of `decider`; both arguments must outlive it.
  AgentStore(HyperparameterDecider& decider, comm::Collective& group) : decider_(decider), group_(group) {}

  // Where save_at_train_end() saves the agents (empty = not saved), with their replay when `with_replay`.
  void set_save_folder(const std::filesystem::path& folder, bool with_replay) {
    save_folder_ = folder;
    save_replay_ = with_replay;
  }
  // Rank 0 saves into the save folder when one is set; the other ranks do nothing.
  void save_at_train_end() const;

  // Saves every agent into `folder` (agent_folder.h), with replay when `with_replay`; the manifest's run count
  // is one more than the folder this store loaded from with replay (0 otherwise).
  void save(const std::filesystem::path& folder, bool with_replay) const;
  // Loads every agent of the decider that `folder` holds (same name and network shape; with replay: the full
  // state files) and returns their names; agents the folder lacks start fresh. InputError naming the folder or
  // file when the manifest is missing or a file does not match.
  std::vector<std::string> load(const std::filesystem::path& folder, bool with_replay);
  bool any_agent_loaded() const { return loaded_; }  // some agent came from a saved folder

  // Meta-train's parallel round: every folder of `episodes` (at least one) is a state folder that one run saved
  // after it loaded a copy of the state folder `origin` (or, when `origin` holds no manifest yet, started fresh).
  // Loads episodes[0]'s agents into the learners, absorbs every other episode's into them (SacAgent::absorb,
  // against origin's agents) and saves the result with replay into `origin`, run count origin's +
  // episodes.size(). Returns the updates the absorbing made. InputError naming the folder when an episode
  // folder's run count is not origin's + 1 or it lacks an agent, naming the file when one does not match.
  int64_t merge_round(const std::filesystem::path& origin, const std::vector<std::filesystem::path>& episodes);

  // Collective: gathers every rank's learners, generators, replay shard and memory; rank 0 writes
  // folder/agents.h5 and returns its name (the other ranks, or an empty folder: nothing written, {}).
  std::vector<std::string> write_checkpoint(const std::filesystem::path& folder);
  // Every rank: restores the learners and memory from folder/agents.h5 (InputError naming the file when it
  // lacks an agent of this run or does not match it).
  void read_checkpoint(const std::filesystem::path& folder);

 private:
  std::string memory_bytes() const;
  DecisionMemory memory_from_bytes(const std::string& bytes) const;

  HyperparameterDecider& decider_;
  comm::Collective& group_;
  std::filesystem::path save_folder_;
  bool save_replay_ = false;
  int64_t loaded_runs_ = 0;  // the run count of the state folder loaded with replay
  bool loaded_ = false;
};

}  // namespace hypera::agents
