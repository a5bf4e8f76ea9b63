#include "agents/hyperparameter/agent_factory.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "agents/hyperparameter/augmentation_agent.h"
#include "agents/hyperparameter/batch_size_agent.h"
#include "agents/hyperparameter/learning_rate_agent.h"
#include "agents/hyperparameter/loss_function_agent.h"
#include "agents/hyperparameter/optimization_agent.h"
#include "agents/hyperparameter/regularization_agent.h"
#include "comm/host_values.h"
#include "core/train/text_fields.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::agents {
namespace {

int64_t patch_voxels(const core::RunConfig& config) {
  int64_t voxels = 1;
  for (int64_t size : config.patch_size()) voxels *= size;
  return voxels;
}

const std::vector<std::pair<std::string, AgentCreator>>& registrations() {
  static const std::vector<std::pair<std::string, AgentCreator>> table = {
      {"learning_rate", [](const AgentBuildContext& c) { return std::make_unique<LearningRateAgent>(c.agents.lr_every); }},
      {"loss_function", [](const AgentBuildContext& c) { return std::make_unique<LossFunctionAgent>(c.agents.loss_every); }},
      {"batch_size",
       [](const AgentBuildContext& c) {
         return std::make_unique<BatchSizeAgent>(
             memory_safe_batch_size(patch_voxels(c.config), c.config.model.base_channels, c.available_memory_bytes));
       }},
      {"augmentation", [](const AgentBuildContext&) { return std::make_unique<AugmentationAgent>(); }},
      {"regularization", [](const AgentBuildContext&) { return std::make_unique<RegularizationAgent>(); }},
      {"optimization",
       [](const AgentBuildContext& c) { return std::make_unique<OptimizationAgent>(c.config.train.optimizer == "sgd"); }},
  };
  return table;
}

std::set<std::string> parse_names(const std::string& text, const std::string& option) {
  std::set<std::string> names;
  const auto known = known_agent_names();
  for (std::string name : core::split_fields(text)) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name.empty()) continue;
    if (name == "all") {
      names.insert(known.begin(), known.end());
    } else if (std::find(known.begin(), known.end(), name) != known.end()) {
      names.insert(name);
    } else {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw InputError("option '" + option + "': unknown agent '" + name + "' (known: all, " + list + ")");
    }
  }
  return names;
}

}  // namespace

std::vector<std::string> known_agent_names() {
  std::vector<std::string> names;
  for (const auto& [name, creator] : registrations()) names.push_back(name);
  return names;
}

std::vector<std::unique_ptr<HyperparameterAgent>> make_agents(const AgentBuildContext& context) {
  const auto enabled = parse_names(context.agents.enabled, "agents.enabled");
  const auto disabled = parse_names(context.agents.disabled, "agents.disabled");
  std::vector<std::unique_ptr<HyperparameterAgent>> agents;
  for (const auto& [name, create] : registrations()) {
    if (enabled.count(name) && !disabled.count(name)) agents.push_back(create(context));
  }
  return agents;
}

std::unique_ptr<HyperparameterCoordinator> make_coordinator(const AgentBuildContext& context,
                                                            comm::Collective* group, comm::Collective* member) {
  const AgentOptions& options = context.agents;
  // Every rank must build the same agents: the batch-size agent's memory cap is the smallest over the ranks.
  AgentBuildContext agreed = context;
  if (group) {
    agreed.available_memory_bytes =
        comm::allreduce_values(*group, {context.available_memory_bytes}, comm::ReduceOp::kMin)[0];
  }
  HyperparameterCoordinatorConfig config;
  config.strategy = parse_conflict_strategy(options.strategy, "agents.strategy");
  config.consensus_tolerance = options.consensus_tolerance;
  config.hidden.clear();
  for (const auto& field : core::split_fields(options.hidden)) {
    try {
      config.hidden.push_back(std::stoll(field));
    } catch (const std::exception&) {
      throw InputError("option 'agents.hidden': '" + options.hidden + "' is not a list of layer widths");
    }
    if (config.hidden.back() < 1) throw InputError("option 'agents.hidden': widths must be >= 1");
  }
  if (config.hidden.empty()) throw InputError("option 'agents.hidden': needs at least one layer width");
  config.sac_batch = options.sac_batch;
  config.warmup = options.warmup;
  config.gamma = options.gamma;
  config.n_step = options.n_step;
  config.reward_clip = options.reward_clip;
  config.seed = context.config.train.seed * 1000003ULL + 17;
  using Policy = HyperparameterCoordinatorConfig::Policy;
  config.policy = options.policy == "neutral" ? Policy::Neutral : options.policy == "random" ? Policy::Random : Policy::Learned;
  config.learn = options.learn;
  config.team_reward = options.reward == "team";
  if (!options.baseline_score.empty()) {
    const auto score = support::parse_number(options.baseline_score);
    if (!score || !std::isfinite(*score)) {
      throw InputError("option 'agents.baseline_score': '" + options.baseline_score + "' is not a number");
    }
    config.baseline_score = *score;
  }
  return std::make_unique<HyperparameterCoordinator>(config, make_agents(agreed), group, member);
}

double available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key, unit;
  double kilobytes = 0;
  while (meminfo >> key >> kilobytes >> unit) {
    if (key == "MemAvailable:") return kilobytes * 1024.0;
  }
  return 8.0 * (1ULL << 30);
}

}  // namespace hypera::agents
