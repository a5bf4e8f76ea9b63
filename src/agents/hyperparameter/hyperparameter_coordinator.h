#pragma once
// The AgentCoordinator of the hyperparameter agents (docs/ARCHITECTURE.md): a TrainingListener that
//  - keeps the shared state (TrainingSignals) every agent reads, fed at BatchEnd and ValidationEnd;
//  - schedules the agents by their cadence (hook and every-N) and lets each act through its own SAC learner,
//    exploring by training progress (exploration_phase.h);
//  - resolves proposals of several agents for one hyperparameter at one hook (conflict_resolution.h:
//    weighted_average with weight 1, priority_based with the agents' priorities, consensus with a tolerance
//    relative to the current value) and writes the registry with the agents' names as writer;
//  - data parallel: an agent that sets a global-scope hyperparameter acts with rank 0's action on every rank
//    (one sum per decision point), so every rank stores the action that was applied; agents of rank-local
//    hyperparameters act on each rank's own action. The agents of every rank are replicas (data-parallel
//    SAC, sac/agent/replica_group.h): transitions are all-gathered into sharded replay and agent gradients
//    averaged, so every rank holds the same networks; each rank explores with its own generators;
//  - policies (config.policy): learned (SAC, exploring by training progress), neutral (every agent's
//    neutral_action(): the configured values, so the run is the fixed-schedule run bit for bit) or random
//    (uniform actions, a control); with learn = false the agents act deterministically and store nothing;
//  - rewards (interval_reward.h): each decision's transition is completed at the agent's next decision, or
//    as terminal at TrainEnd with the end-of-run term (against config.baseline_score when it is finite);
//    per-agent rewards, or with team_reward one shared reward (validation improvement and end of run);
//    raw rewards are z-scored per agent and clipped; a roll-back (TrainingState::rollbacks) penalizes the
//    agents of the most recent decision point by rollback_penalty after normalization;
//  - refuses at TrainBegin (InputError, one line naming the options) a learning run in which an agent
//    cannot reach its first SAC update (learning_horizon.h);
//  - logs every decision to TensorBoard (agents/<name>/action_i, state/<feature>, reward/<component>,
//    sac/<learning report key>) and reports what each learner did in summary.json (learning_report.h);
//  - saves the agents at TrainEnd (save_folder, agent_folder.h; with replay for a state folder) and loads
//    them (load): a warm start, or a state folder's full state with replay;
//  - contributes agents.h5 (agent_checkpoint.h) to every "last" checkpoint and restores from it on resume,
//    also on another number of ranks; the checkpoint holds the open decisions, shared signals, counters and
//    reward statistics too, so a resumed run continues the same transitions.
// Not thread-safe; on_hook runs on the training thread. Every rank must build the same agents.
#include <chrono>
#include <cmath>
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
#include "comm/collective.h"
#include "comm/single_rank.h"
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
  enum class Policy { Learned, Neutral, Random } policy = Policy::Learned;
  bool learn = true;            // false: deterministic actions, nothing stored or updated
  bool team_reward = false;     // one shared reward instead of each agent's own terms
  double baseline_score = NAN;  // finite: end-of-run reward 10 x (final validation - baseline_score)
};

class HyperparameterCoordinator final : public core::TrainingListener, public core::RunParticipant {
 public:
  // `group` null: a world of one rank. std::invalid_argument for a bad config or duplicate agent names.
  HyperparameterCoordinator(const HyperparameterCoordinatorConfig& config,
                            std::vector<std::unique_ptr<HyperparameterAgent>> agents, comm::Collective* group);
  ~HyperparameterCoordinator() override;

  // TensorBoard writer for the agents' scalars (rank 0; not owned; null = none).
  void set_event_writer(core::TensorBoardWriter* events) { events_ = events; }
  // Where the agents are saved at the end of training (rank 0 only; empty = not saved), with their replay
  // when `with_replay` (a state folder, agent_folder.h).
  void set_save_folder(const std::filesystem::path& folder, bool with_replay = false) {
    save_folder_ = folder;
    save_replay_ = with_replay;
  }

  void on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry& registry) override;
  // The roll-back (the agents change hyperparameters); distance maps when an agent sets loss.boundary.
  core::ListenerNeeds needs() const override;
  // Adds section "agents": seconds spent in the coordinator, fraction of timing.total_seconds,
  // cost_fraction_of_run (also counting timing.listener_support_seconds: what the trainer does only for
  // listeners), decisions,
  // updates (this run's, all agents), roll-backs, and per agent decisions.<name>, rollback_penalties.<name>,
  // mean_reward.<name> (raw) and the learning report's keys (learning_report.h) as <key>.<name>.
  // Also exchange_seconds (experience all-gathers) and exchange_fraction of the training time.
  void summarize(std::map<std::string, std::map<std::string, double>>& summary) override;
  // Collective: gathers every rank's agents, generators and replay shard; rank 0 writes folder/agents.h5.
  std::vector<std::string> write_checkpoint(const std::filesystem::path& folder) override;
  // Every rank: restores the agents from folder/agents.h5 (InputError naming the file on a mismatch).
  void read_checkpoint(const std::filesystem::path& folder) override;
  // Collective: the largest difference of any rank's agent networks and temperatures from rank 0's.
  double divergence() override;

  // Saves every agent into `folder` (agent_folder.h), with replay when `with_replay`; the manifest's run count
  // is one more than the folder this coordinator loaded from with replay (0 otherwise).
  void save(const std::filesystem::path& folder, bool with_replay = false) const;
  // Loads every agent of this coordinator that `folder` holds (same name and network shape; with replay: the
  // full state files) and returns their names; agents the folder lacks start fresh. InputError naming the
  // folder or file when the manifest is missing or a file does not match.
  std::vector<std::string> load(const std::filesystem::path& folder, bool with_replay = false);

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
  void check_learning_horizon(const core::TrainingState& state);
  std::vector<float> chosen_action(Slot& slot, double progress);
  void use_rank_zero_actions(const std::vector<size_t>& acting);
  std::string coordinator_bytes() const;
  void restore_coordinator(const std::string& bytes, const std::string& what);

  HyperparameterCoordinatorConfig config_;
  comm::SingleRank alone_;
  comm::Collective* group_;  // never null: &alone_ for a world of one
  AgentReplicas replicas_;
  std::vector<std::unique_ptr<Slot>> slots_;
  TrainingSignals signals_;
  std::vector<size_t> last_actors_;  // agents of the most recent decision point
  int64_t seen_rollbacks_ = 0;
  std::mt19937_64 random_;
  core::TensorBoardWriter* events_ = nullptr;
  std::filesystem::path save_folder_;
  bool save_replay_ = false;
  int64_t loaded_runs_ = 0;  // the run count of the state folder loaded with replay
  bool loaded_ = false;      // some agent came from a saved folder
  double seconds_ = 0;
};

}  // namespace hypera::agents
