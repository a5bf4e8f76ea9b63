#pragma once
// The segmentation agents' coordinator: the five agents in their order of application, one SAC learner
// each, the shared state, conflict resolution for parameters two agents own (min_size), and the reward
// distribution by specialty with per-agent reward statistics.
//
// Episodes are contextual bandits: one image, one action per agent, one reward; SAC runs with gamma 0 and
// n_step 1, the transition's next state is its state and it terminates.
// Not thread-safe (the SAC learners); torch threads are the caller's (one is fastest for these networks).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "agents/coordination/conflict_resolution.h"
#include "agents/rewards/multi_objective_reward.h"
#include "agents/rewards/reward_statistics.h"
#include "agents/segmentation/segmentation_agent.h"
#include "agents/segmentation/state_features.h"
#include "core/postprocess/postprocess_params.h"
#include "sac/agent/sac_agent.h"

namespace hypera::agents {

struct CoordinatorConfig {
  core::PostprocessParams base;                          // zero actions reproduce it exactly
  int64_t classes = 3;                                   // class maps the agents were trained on (2 or 3)
  ConflictStrategy strategy = ConflictStrategy::WeightedAverage;
  double consensus_tolerance = 8;                        // in the shared parameter's units (min_size: voxels)
  std::vector<int64_t> hidden{64, 64};                   // SAC network widths
  int64_t batch_size = 64;
  int64_t warmup_steps = 100;                            // uniform random actions first
  uint64_t seed = 0;                                     // agent i uses seed + i
};

// The actions of every agent for one image and the setting they resolve to.
struct AgentDecision {
  std::vector<std::vector<float>> actions;  // per agent, in application order
  core::PostprocessParams params;
};

class SegmentationAgentCoordinator {
 public:
  // Agents in application order (the pipeline's order of their main parameters): fg_balance, boundary,
  // region, shape, object_detection. Priorities for priority_based follow this order (later wins, so the
  // object detection agent decides min_size). std::invalid_argument for a bad config.
  SegmentationAgentCoordinator(const CoordinatorConfig& config, FeatureNormalizer normalizer);
  ~SegmentationAgentCoordinator();

  const CoordinatorConfig& config() const { return config_; }
  size_t agent_count() const { return slots_.size(); }
  const SegmentationAgent& agent(size_t i) const;

  // The normalized state every agent sees.
  std::vector<float> state(const SharedState& shared) const;

  // Each agent acts (explore: SAC sampling / warm-up; otherwise deterministic); the proposals are combined.
  AgentDecision decide(const SharedState& shared, bool explore);

  // The setting of these actions: base, then each agent's proposals in order; a parameter several agents
  // propose is resolved with the configured strategy (weights 1, priority = position). Zero actions give
  // config().base.
  core::PostprocessParams combine(const std::vector<std::vector<float>>& actions, int64_t base_components) const;

  // Distributes the outcome: agent i's raw reward is the multi-objective improvement of `refined` over
  // `base` judged by its specialty at training `progress` (0..1); it is added to the agent's statistics and
  // returned z-scored and clipped.
  std::vector<double> distribute_rewards(const RewardVector& refined, const RewardVector& base, double progress);

  // One SAC step per agent (may run an update once warm-up is over).
  void learn(const std::vector<float>& state, const AgentDecision& decision, const std::vector<double>& rewards);

  const RewardStatistics& reward_statistics(size_t agent) const;

  // save: folder/manifest.txt plus folder/agent_<name>.pt (SacAgent::save). load: InputError naming the
  // folder when the manifest or an agent file is missing or damaged.
  void save(const std::filesystem::path& folder) const;
  static std::unique_ptr<SegmentationAgentCoordinator> load(const std::filesystem::path& folder);

 private:
  struct Slot {
    std::unique_ptr<SegmentationAgent> agent;
    std::unique_ptr<sac::SacAgent> sac;
    RewardStatistics statistics;
  };
  sac::SacConfig sac_config(size_t agent_index) const;

  CoordinatorConfig config_;
  FeatureNormalizer normalizer_;
  MultiObjectiveRewardCalculator calculator_;
  std::vector<Slot> slots_;
};

}  // namespace hypera::agents
