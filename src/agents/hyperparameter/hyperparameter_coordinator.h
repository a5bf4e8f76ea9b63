#pragma once
// The AgentCoordinator of the hyperparameter agents (docs/ARCHITECTURE.md): the core::TrainingListener and
// core::RunParticipant the trainer sees, a composition of three parts with one job each:
//  - the decider (hyperparameter_decider.h): shared signals, scheduling, actions by policy, the member root's
//    actions for global hyperparameters, conflict resolution into the registry, open decisions and their rewards;
//  - the agent store (agent_store.h): saved agent folders (warm start, state folder with replay) and the
//    agents' part of every "last" checkpoint, agents.h5;
//  - the decision log (decision_log.h): TensorBoard scalars of every decision and reward, and the "agents"
//    section of summary.json with each learner's learning report.
// At TrainBegin the learning reports start and a learning run in which an agent cannot reach its first SAC
// update is refused (InputError, one line naming the options); at TrainEnd every open decision completes as
// terminal and rank 0 saves the agents into the save folder.
// Not thread-safe; on_hook runs on the training thread. Every rank must build the same agents.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agents/hyperparameter/agent_store.h"
#include "agents/hyperparameter/decision_log.h"
#include "agents/hyperparameter/hyperparameter_decider.h"
#include "comm/single_rank.h"
#include "core/train/training_hooks.h"

namespace hypera::agents {

class HyperparameterCoordinator final : public core::TrainingListener, public core::RunParticipant {
 public:
  // `group`: the ranks whose agents are replicas (null: a world of one rank); `member`: the ranks of it that train
  // one model and decide its global hyperparameters together (null: all of `group`; a population member's group
  // in population mode). Both must outlive the coordinator. std::invalid_argument for duplicate agent names.
  HyperparameterCoordinator(const HyperparameterCoordinatorConfig& config,
                            std::vector<std::unique_ptr<HyperparameterAgent>> agents, comm::Collective* group,
                            comm::Collective* member = nullptr);

  // TensorBoard writer for the agents' scalars (rank 0; not owned; null = none).
  void set_event_writer(core::TensorBoardWriter* events) { log_.set_event_writer(events); }
  // Where the agents are saved at the end of training (rank 0 only; empty = not saved), with their replay
  // when `with_replay` (a state folder, agent_folder.h).
  void set_save_folder(const std::filesystem::path& folder, bool with_replay = false) {
    store_.set_save_folder(folder, with_replay);
  }

  void on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry& registry) override;
  // The roll-back (the agents change hyperparameters); distance maps when an agent sets loss.boundary.
  core::ListenerNeeds needs() const override;
  // The decision log's "agents" section (decision_log.h), with the seconds spent in on_hook.
  void summarize(std::map<std::string, std::map<std::string, double>>& summary) override;
  // Collective: gathers every rank's agents, generators and replay shard; rank 0 writes folder/agents.h5.
  std::vector<std::string> write_checkpoint(const std::filesystem::path& folder) override;
  // Every rank: restores the agents from folder/agents.h5 (InputError naming the file on a mismatch).
  void read_checkpoint(const std::filesystem::path& folder) override;
  // Collective: the largest difference of any rank's agent networks and temperatures from rank 0's.
  double divergence() override;

  // AgentStore::save and AgentStore::load (agent_store.h).
  void save(const std::filesystem::path& folder, bool with_replay = false) const;
  std::vector<std::string> load(const std::filesystem::path& folder, bool with_replay = false);
  // AgentStore::merge_round: meta-train's parallel episodes merged into one state folder.
  int64_t merge_round(const std::filesystem::path& origin, const std::vector<std::filesystem::path>& episodes) {
    return store_.merge_round(origin, episodes);
  }

  size_t agent_count() const { return decider_.agent_count(); }
  const HyperparameterAgent& agent(size_t i) const { return decider_.agent(i); }
  const RewardStatistics& reward_statistics(size_t i) const { return decider_.memory().agents.at(i).statistics; }
  int64_t decisions(size_t i) const { return decider_.memory().agents.at(i).decisions; }
  const sac::SacAgent& sac_agent(size_t i) const { return decider_.learner(i); }  // learner, replay, generators

 private:
  comm::SingleRank alone_;
  comm::Collective& group_;  // &alone_ for a world of one
  HyperparameterDecider decider_;
  AgentStore store_;
  DecisionLog log_;
  double seconds_ = 0;  // spent in on_hook
};

}  // namespace hypera::agents
