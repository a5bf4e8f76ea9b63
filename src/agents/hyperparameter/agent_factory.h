#pragma once
// Builds hyperparameter agents from the [agents] section (agent_options.h) and the run config. Each agent is
// registered once in agent_factory.cpp under its name with a function that builds it from the config; adding
// an agent is one class and one line there.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agents/hyperparameter/agent_options.h"
#include "agents/hyperparameter/hyperparameter_coordinator.h"
#include "core/train/run_config.h"

namespace hypera::agents {

struct AgentBuildContext {
  const core::RunConfig& config;
  const AgentOptions& agents;
  double available_memory_bytes;  // what the batch-size agent may fill (half of it)
};

using AgentCreator = std::function<std::unique_ptr<HyperparameterAgent>(const AgentBuildContext&)>;

// Every registered agent name, in the order agents are built.
std::vector<std::string> known_agent_names();

// The agents that `agents` names: "all" or a comma-separated list in agents.enabled, minus agents.disabled,
// in registration order. Empty when agents.enabled is empty. An unknown name is an InputError naming the
// option and listing the known names.
std::vector<std::unique_ptr<HyperparameterAgent>> make_agents(const AgentBuildContext& context);

// The coordinator of the agents that `agents` names (make_agents), with its settings from `agents` and SAC
// seeds from train.seed. InputError naming the option for a bad agents.hidden, agents.baseline_score or agent
// name. Collective over `group` when it is not null (the ranks agree on the memory cap: the
// smallest available memory). `member`: as HyperparameterCoordinator's.
std::unique_ptr<HyperparameterCoordinator> make_coordinator(const AgentBuildContext& context, comm::Collective* group,
                                                            comm::Collective* member = nullptr);

// MemAvailable of /proc/meminfo in bytes (8 GiB when it cannot be read).
double available_memory_bytes();

}  // namespace hypera::agents
