#pragma once
// The tunable hyperparameters HYPERA declares: registry name, config key, default, bounds and scope.
// One table, read by the config (defaults, --help, range checks) and by the registry (declarations).
#include <map>
#include <string>
#include <vector>

#include "core/train/hyperparameter_registry.h"

namespace hypera::core {

struct TunableDefinition {
  HyperparameterSpec spec;  // spec.initial is the built-in default
  std::string config_key;   // "optim.lr" for registry name "lr"
};

const std::vector<TunableDefinition>& tunable_definitions();

// Declares every tunable in `registry`, starting from `initial_values` (registry name -> value).
void declare_tunables(const std::map<std::string, double>& initial_values, HyperparameterRegistry& registry);

}  // namespace hypera::core
