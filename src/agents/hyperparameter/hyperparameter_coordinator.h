#pragma once
// The AgentCoordinator of the hyperparameter agents (DESIGN.md): a TrainingListener that
//  - keeps the shared state (TrainingSignals) every agent reads, fed at BatchEnd and ValidationEnd;
//  - schedules the agents by their cadence (hook and every-N) and lets each act through its own SAC learner,
//    exploring by training progress (exploration_phase.h);
//  - resolves proposals of several agents for one hyperparameter at one hook (conflict_resolution.h:
//    weighted_average with weight 1, priority_based with the agents' priorities, consensus with a tolerance
//    relative to the current value) and writes the registry with the agents' names as writer;
//  - data parallel: global-scope hyperparameters take rank 0's resolved value on every rank (one sum per
//    decision point); rank-local ones keep each rank's own value. The agents of every rank are replicas
//    (data-parallel SAC, sac/agent/replica_group.h): transitions are all-gathered into sharded replay and
//    agent gradients averaged, so every rank holds the same networks; each rank explores with its own
//    generators (warm-up actions, replay draws, exploration blend) and acts on its own state;
//  - rewards (interval_reward.h): each decision's transition is completed at the agent's next decision, or
//    as terminal at TrainEnd with the end-of-run term; raw rewards are z-scored per agent and clipped; a
//    roll-back (TrainingState::rollbacks) penalizes the agents of the most recent decision point by
//    rollback_penalty after normalization;
//  - logs every decision to TensorBoard (agents/<name>/action_i, state/<feature>, reward/<component>);
//  - saves the trained agents for warm starts (save_folder: at TrainEnd, atomically) and warm-starts from a
//    saved folder (load); a run's resume state is the checkpoint's agents.h5 instead (below);
//  - contributes agents.h5 (agent_checkpoint.h) to every "last" checkpoint and restores from it on resume,
//    also on another number of ranks.
// Not thread-safe; on_hook runs on the training thread. Every rank must build the same agents.
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "agents/coordination/conflict_resolution.h"
#include "agents/hyperparameter/agent_replicas.h"
#include "agents/hyperparameter/hyperparameter_agent.h"
#include "agents/hyperparameter/interval_reward.h"
#include "agents/rewards/reward_statistics.h"
#include "core/logging/tensorboard_writer.h"
#include "core/train/data_parallel.h"
#include "sac/agent/sac_agent.h"

namespace hypera::agents {

struct HyperparameterCoordinatorConfig {
  ConflictStrategy strategy = ConflictStrategy::WeightedAverage;
  double consensus_tolerance = 0.1;  // relative to the hyperparameter's current value
  std::vector<int64_t> hidden{64, 64};
  int64_t sac_batch = 32;
  int64_t warmup = 6;           // decisions per agent with uniform random actions
  int64_t updates_per_decision = 4;
  double learning_rate = 1e-3;  // actor, critic and temperature
  double gamma = 0.9;
  int64_t n_step = 3;
  double reward_clip = 3;
  double rollback_penalty = 2;
  RewardWeights weights;
  uint64_t seed = 0;
};

class HyperparameterCoordinator final : public core::TrainingListener {
 public:
  // `group` null: a world of one rank. std::invalid_argument for a bad config or duplicate agent names.
  HyperparameterCoordinator(const HyperparameterCoordinatorConfig& config,
                            std::vector<std::unique_ptr<HyperparameterAgent>> agents, core::DataParallel* group);
  ~HyperparameterCoordinator() override;

  // TensorBoard writer for the agents' scalars (rank 0; not owned; null = none).
  void set_event_writer(core::TensorBoardWriter* events) { events_ = events; }
  // Where the agents are saved at the end of training (rank 0 only; empty = not saved).
  void set_save_folder(const std::filesystem::path& folder) { save_folder_ = folder; }

  void on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry& registry) override;
  // Adds section "agents": seconds spent in the coordinator, fraction of timing.total_seconds, decisions,
  // roll-backs, and per agent decisions.<name>, rollback_penalties.<name> and mean_reward.<name> (raw).
  // Also exchange_seconds (experience all-gathers) and exchange_fraction of the training time.
  void summarize(std::map<std::string, std::map<std::string, double>>& summary) override;
  // Collective: gathers every rank's agents, generators and replay shard; rank 0 writes folder/agents.h5.
  std::vector<std::string> write_checkpoint(const std::filesystem::path& folder) override;
  // Every rank: restores the agents from folder/agents.h5 (InputError naming the file on a mismatch).
  void read_checkpoint(const std::filesystem::path& folder) override;
  // Collective: the largest difference of any rank's agent networks and temperatures from rank 0's.
  double divergence() override;

  // folder/manifest.txt ("format hypera-hyperparameter-agents-1", "agents <names>") and
  // folder/agent_<name>.pt (SacAgent::save_bytes: no replay), written into folder.tmp and renamed over folder.
  void save(const std::filesystem::path& folder) const;
  // Warm start: loads every agent of this coordinator that `folder` holds (same name and network shape) and
  // returns their names; agents the folder lacks start fresh. InputError naming the folder or file when the
  // manifest is missing or a file does not match.
  std::vector<std::string> load(const std::filesystem::path& folder);

  size_t agent_count() const { return slots_.size(); }
  const HyperparameterAgent& agent(size_t i) const;
  const RewardStatistics& reward_statistics(size_t i) const;
  int64_t decisions(size_t i) const;
  const sac::SacAgent& sac_agent(size_t i) const;  // agent i's learner, replay and generators
  const TrainingSignals& signals() const { return signals_; }
  double seconds() const { return seconds_; }

 private:
  struct Slot;
  void decide(const std::vector<size_t>& acting, const core::TrainingState& state,
              core::HyperparameterRegistry& registry);
  void complete(Slot& slot, const core::TrainingState& state, const core::HyperparameterRegistry& registry,
                bool terminal);
  void apply(const std::map<std::string, std::vector<Proposal>>& proposals, core::HyperparameterRegistry& registry);
  void log_scalar(const std::string& tag, double value, int64_t step);

  HyperparameterCoordinatorConfig config_;
  core::SingleProcess alone_;
  core::DataParallel* group_;  // never null: &alone_ for a world of one
  AgentReplicas replicas_;
  std::vector<std::unique_ptr<Slot>> slots_;
  TrainingSignals signals_;
  std::vector<size_t> last_actors_;  // agents of the most recent decision point
  int64_t seen_rollbacks_ = 0;
  std::mt19937_64 random_;
  core::TensorBoardWriter* events_ = nullptr;
  std::filesystem::path save_folder_;
  double seconds_ = 0;
};

}  // namespace hypera::agents
