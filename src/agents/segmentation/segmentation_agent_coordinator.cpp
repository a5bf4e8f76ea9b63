#include "agents/segmentation/segmentation_agent_coordinator.h"

#include <cmath>
#include <map>
#include <stdexcept>

#include "agents/segmentation/agents_manifest.h"
#include "agents/segmentation/boundary_agent.h"
#include "agents/segmentation/fg_balance_agent.h"
#include "agents/segmentation/object_detection_agent.h"
#include "agents/segmentation/region_agent.h"
#include "agents/segmentation/shape_agent.h"
#include "support/input_error.h"

namespace hypera::agents {

SegmentationAgentCoordinator::SegmentationAgentCoordinator(const CoordinatorConfig& config, FeatureNormalizer normalizer)
    : config_(config), normalizer_(std::move(normalizer)) {
  core::validate(config_.base);
  if (config_.classes != 2 && config_.classes != 3) {
    throw std::invalid_argument("CoordinatorConfig.classes: must be 2 or 3");
  }
  if (normalizer_.mean.size() != static_cast<size_t>(kStateDim) ||
      normalizer_.scale.size() != static_cast<size_t>(kStateDim)) {
    throw std::invalid_argument("SegmentationAgentCoordinator: the feature normalizer needs kStateDim values");
  }
  std::vector<std::unique_ptr<SegmentationAgent>> agents;
  agents.push_back(std::make_unique<FGBalanceAgent>());
  agents.push_back(std::make_unique<BoundaryAgent>());
  agents.push_back(std::make_unique<RegionAgent>());
  agents.push_back(std::make_unique<ShapeAgent>());
  agents.push_back(std::make_unique<ObjectDetectionAgent>());
  for (auto& agent : agents) {
    Slot slot{std::move(agent), nullptr, RewardStatistics()};
    slots_.push_back(std::move(slot));
    slots_.back().sac = std::make_unique<sac::SacAgent>(sac_config(slots_.size() - 1));
  }
}

SegmentationAgentCoordinator::~SegmentationAgentCoordinator() = default;

sac::SacConfig SegmentationAgentCoordinator::sac_config(size_t agent_index) const {
  sac::SacConfig c;
  c.state_dim = kStateDim;
  const size_t dims = slots_.at(agent_index).agent->parameters().size();
  c.action_low.assign(dims, -1.0f);
  c.action_high.assign(dims, 1.0f);
  c.hidden = config_.hidden;
  c.gamma = 0;  // one step per episode: the reward is the whole return
  c.n_step = 1;
  c.batch_size = config_.batch_size;
  c.warmup_steps = config_.warmup_steps;
  c.buffer_capacity = 100000;
  c.seed = config_.seed + agent_index;
  return c;
}

const SegmentationAgent& SegmentationAgentCoordinator::agent(size_t i) const { return *slots_.at(i).agent; }

const RewardStatistics& SegmentationAgentCoordinator::reward_statistics(size_t agent) const {
  return slots_.at(agent).statistics;
}

std::vector<float> SegmentationAgentCoordinator::state(const SharedState& shared) const {
  return normalizer_.apply(shared.features);
}

AgentDecision SegmentationAgentCoordinator::decide(const SharedState& shared, bool explore) {
  const std::vector<float> s = state(shared);
  AgentDecision decision;
  for (Slot& slot : slots_) decision.actions.push_back(slot.sac->act(s, explore));
  decision.params = combine(decision.actions, shared.base_components);
  return decision;
}

core::PostprocessParams SegmentationAgentCoordinator::combine(const std::vector<std::vector<float>>& actions,
                                                               int64_t base_components) const {
  if (actions.size() != slots_.size()) {
    throw std::invalid_argument("SegmentationAgentCoordinator::combine: one action per agent expected");
  }
  std::map<std::string, std::vector<Proposal>> by_name;
  std::vector<std::string> order;
  for (size_t i = 0; i < slots_.size(); ++i) {
    for (const ParameterProposal& p : slots_[i].agent->propose(actions[i], config_.base, base_components)) {
      auto& list = by_name[p.name];
      if (list.empty()) order.push_back(p.name);
      list.push_back({slots_[i].agent->name(), p.value, 1.0, static_cast<int>(i)});
    }
  }
  core::PostprocessParams params = config_.base;
  for (const std::string& name : order) {
    const double base = core::get_parameter(config_.base, name);
    double value = resolve_conflict(by_name[name], base, config_.strategy, config_.consensus_tolerance);
    for (const auto& range : core::parameter_ranges()) {
      if (range.name == name && range.integer) value = std::round(value);
    }
    core::set_parameter(params, name, value);
  }
  return params;
}

std::vector<double> SegmentationAgentCoordinator::distribute_rewards(const RewardVector& refined,
                                                                     const RewardVector& base, double progress) {
  std::vector<double> rewards;
  for (Slot& slot : slots_) {
    const double raw = calculator_.reward(refined, base, slot.agent->specialty(), progress);
    slot.statistics.add(raw);
    rewards.push_back(slot.statistics.normalize(raw));
  }
  return rewards;
}

void SegmentationAgentCoordinator::learn(const std::vector<float>& state, const AgentDecision& decision,
                                         const std::vector<double>& rewards) {
  if (decision.actions.size() != slots_.size() || rewards.size() != slots_.size()) {
    throw std::invalid_argument("SegmentationAgentCoordinator::learn: one action and one reward per agent expected");
  }
  for (size_t i = 0; i < slots_.size(); ++i) {
    sac::Step step;
    step.state = state;
    step.action = decision.actions[i];
    step.reward = static_cast<float>(rewards[i]);
    step.next_state = state;
    step.terminated = true;
    slots_[i].sac->observe(step);
  }
}

void SegmentationAgentCoordinator::save(const std::filesystem::path& folder) const {
  AgentsManifest manifest{config_, normalizer_, {}};
  for (const Slot& slot : slots_) {
    manifest.agents.push_back(slot.agent->name());
    slot.sac->save((folder / ("agent_" + slot.agent->name() + ".pt")).string());
  }
  write_manifest(folder / "manifest.txt", manifest);  // last: a folder without it is incomplete
}

std::unique_ptr<SegmentationAgentCoordinator> SegmentationAgentCoordinator::load(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) throw InputError(folder.string() + ": no segmentation agents folder");
  AgentsManifest manifest = read_manifest(folder / "manifest.txt");
  std::unique_ptr<SegmentationAgentCoordinator> coordinator;
  try {
    coordinator = std::make_unique<SegmentationAgentCoordinator>(manifest.config, manifest.normalizer);
  } catch (const std::invalid_argument& error) {
    throw InputError(folder.string() + ": bad agents' manifest: " + error.what());
  }
  std::vector<std::string> names;
  for (const Slot& slot : coordinator->slots_) names.push_back(slot.agent->name());
  if (names != manifest.agents) throw InputError(folder.string() + ": the manifest lists other agents than this build's");
  for (Slot& slot : coordinator->slots_) {
    const auto file = folder / ("agent_" + slot.agent->name() + ".pt");
    if (!std::filesystem::exists(file)) throw InputError(file.string() + ": missing agent file");
    try {
      slot.sac->load(file.string());
    } catch (const std::exception& error) {
      throw InputError(file.string() + ": damaged agent file");
    }
  }
  return coordinator;
}

}  // namespace hypera::agents
