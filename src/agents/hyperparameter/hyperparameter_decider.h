#pragma once
// The decider of the hyperparameter coordinator (hyperparameter_coordinator.h): which agents act at a hook,
// on what state and with which action, how their proposals reach the registry, and what each decision earns.
//  - keeps the shared state (TrainingSignals) every agent reads, fed at BatchEnd and ValidationEnd, and counts
//    each roll-back (TrainingState::rollbacks) against the agents of the most recent decision point;
//  - schedules the agents by their cadence (hook and every-N). An acting agent first completes its open
//    decision, then reads its state (agent_state) and chooses an action by config.policy: learned (its SAC
//    learner, exploring by training progress, exploration_phase.h; deterministic with learn = false), neutral
//    (neutral_action(): the configured values, so the run is the fixed-schedule run bit for bit) or random
//    (uniform actions from the decider's generator, a control);
//  - data parallel: an agent that observes a global-scope hyperparameter acts with rank 0's action on every
//    rank (one broadcast per decision point), so every rank stores the action that was applied; agents of
//    rank-local hyperparameters act with each rank's own. The learners of every rank are replicas
//    (AgentReplicas: experience all-gathered into sharded replay, gradients averaged); each rank explores with
//    its own generators;
//  - resolves proposals of several agents for one hyperparameter at one hook (conflict_resolution.h:
//    weighted_average with weight 1, priority_based with the agents' priorities, consensus with a tolerance
//    relative to the current value) and writes the registry with the agents' names as writer;
//  - completes a decision at the agent's next decision, or as terminal at TrainEnd with the end-of-run term
//    (against config.baseline_score when it is finite), interval_reward.h; with team_reward only the shared
//    terms count. The raw reward is z-scored per agent and clipped, minus rollback_penalty per roll-back since
//    the decision; the learner observes the transition when the policy is learned and learn is true.
// Reads and writes no file and logs nothing: each hook's decisions are returned to the caller (HookDecisions).
// Not thread-safe; the training thread calls it. Every rank must build the same agents.
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "agents/coordination/conflict_resolution.h"
#include "agents/hyperparameter/agent_replicas.h"
#include "agents/hyperparameter/hyperparameter_agent.h"
#include "agents/hyperparameter/interval_reward.h"
#include "agents/rewards/reward_statistics.h"
#include "comm/collective.h"
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

// One agent's decisions: the latest one (open until completed) and what its decisions have earned.
struct AgentDecisions {
  explicit AgentDecisions(double reward_clip) : statistics(reward_clip) {}

  int64_t occurrences = 0;  // hooks of the agent's cadence seen (it acts at every `every`-th, from the first)
  int64_t decisions = 0;
  bool pending = false;     // the latest decision is open: completed at the agent's next one or at TrainEnd
  std::vector<float> state, action;  // of the latest decision
  SignalSnapshot at_decision;
  int64_t rollback_hits = 0;  // roll-backs since the latest decision
  int64_t penalties = 0;      // roll-back penalties so far
  RewardStatistics statistics;  // of the raw rewards, for z-scoring
};

// Everything the decider carries from one decision to the next besides its learners: what a resumed run
// needs to continue the same transitions (agent_store.h keeps it in agents.h5).
struct DecisionMemory {
  std::mt19937_64 random;              // the random policy's and exploration's generator (this rank's)
  TrainingSignals signals;
  int64_t seen_rollbacks = 0;          // TrainingState::rollbacks counted so far
  std::vector<size_t> last_actors;     // the agents of the most recent decision point
  std::vector<AgentDecisions> agents;  // index = agent
};

// A decision completed at a hook: its reward's components and the normalized reward of its transition.
struct CompletedDecision {
  size_t agent = 0;
  IntervalReward reward;
  double normalized = 0;
  bool terminal = false;  // at TrainEnd: reward.end_of_run counts
  bool learned = false;   // the learner observed the transition
};

// What one hook did, in this order: the decisions completed, then the agents that decided (their state and
// action are in DecisionMemory::agents).
struct HookDecisions {
  std::vector<CompletedDecision> completed;
  std::vector<size_t> decided;
};

class HyperparameterDecider {
 public:
  // Builds each agent's SAC learner from `config` (seed config.seed + 7919 x index), replicated over `group`;
  // `member` (the ranks of `group` that train one model, all of it outside a population) decides the global
  // hyperparameters together. Both must outlive the decider. std::invalid_argument for duplicate agent names.
  HyperparameterDecider(const HyperparameterCoordinatorConfig& config,
                        std::vector<std::unique_ptr<HyperparameterAgent>> agents, comm::Collective& group,
                        comm::Collective& member);

  // Feeds the signals, then lets the agents whose cadence falls on `hook` decide and writes their proposals to
  // `registry` (collective over the group). At TrainEnd completes every open decision as terminal instead.
  HookDecisions on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry& registry);

  // At TrainBegin of a learned-policy run: InputError (one line naming the options) when learn = false and no
  // agent came from a saved folder (`any_agent_loaded`), or when an agent that learns cannot reach its first
  // SAC update before the run ends (learning_horizon.h).
  void check_learning_horizon(const core::TrainingState& state, bool any_agent_loaded) const;

  // Collective: the largest difference of any rank's agent networks and temperatures from rank 0's.
  double divergence();

  size_t agent_count() const { return agents_.size(); }
  const HyperparameterAgent& agent(size_t i) const { return *agents_.at(i).agent; }
  const sac::SacAgent& learner(size_t i) const { return *agents_.at(i).sac; }
  sac::SacAgent& learner(size_t i) { return *agents_.at(i).sac; }
  const DecisionMemory& memory() const { return memory_; }
  // Replaces the memory (a resume); `memory` holds one AgentDecisions per agent, in the agents' order.
  void restore(DecisionMemory memory);
  double exchange_seconds() const { return replicas_.exchange_seconds(); }  // experience all-gathers so far

 private:
  struct Agent {
    std::unique_ptr<HyperparameterAgent> agent;
    std::unique_ptr<sac::SacAgent> sac;
    bool discrete = false;
  };
  void decide(const std::vector<size_t>& acting, const core::TrainingState& state,
              core::HyperparameterRegistry& registry, HookDecisions& decisions);
  std::vector<float> chosen_action(size_t i, double progress);
  void use_member_root_actions(const std::vector<size_t>& global_actors);
  void apply(const std::map<std::string, std::vector<Proposal>>& proposals, core::HyperparameterRegistry& registry);
  CompletedDecision complete(size_t i, const core::TrainingState& state, const core::HyperparameterRegistry& registry,
                             bool terminal);

  HyperparameterCoordinatorConfig config_;
  comm::Collective& group_;
  comm::Collective& member_;
  AgentReplicas replicas_;
  std::vector<Agent> agents_;
  DecisionMemory memory_;
};

}  // namespace hypera::agents
