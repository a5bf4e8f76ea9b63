#pragma once
// The tunable hyperparameters HYPERA declares: registry name, config key, default, bounds and scope.
// One table, read by the config (defaults, --help, range checks) and by the registry (declarations).
#include <map>
#include <string>
#include <vector>

#include "core/train/hyperparameter_registry.h"

namespace hypera::core {

// A tunable's registry name as a typed handle: code names tunables through the constants below, so the names
// are written once (the table uses them too) and a misspelt one does not compile. Converts to the name where
// the registry or the config's map takes a string.
struct Tunable {
  const char* name;
  operator std::string() const { return name; }
};

namespace tunable {
inline constexpr Tunable kLr{"lr"};
inline constexpr Tunable kLrScale{"lr_scale"};
inline constexpr Tunable kMomentum{"momentum"};
inline constexpr Tunable kBeta1{"beta1"};
inline constexpr Tunable kBeta2{"beta2"};
inline constexpr Tunable kWeightDecay{"weight_decay"};
inline constexpr Tunable kBatchSize{"batch_size"};
inline constexpr Tunable kDropout{"dropout"};
inline constexpr Tunable kLossDice{"loss.dice"};
inline constexpr Tunable kLossCe{"loss.ce"};
inline constexpr Tunable kLossFocal{"loss.focal"};
inline constexpr Tunable kLossBoundary{"loss.boundary"};
inline constexpr Tunable kFlipP{"aug.flip_p"};
inline constexpr Tunable kRotateP{"aug.rotate_p"};
inline constexpr Tunable kElasticP{"aug.elastic_p"};
inline constexpr Tunable kIntensity{"aug.intensity"};
}  // namespace tunable

struct TunableDefinition {
  HyperparameterSpec spec;  // spec.initial is the built-in default
  std::string config_key;   // "optim.lr" for tunable::kLr
};

const std::vector<TunableDefinition>& tunable_definitions();

// Declares every tunable in `registry`, starting from `initial_values` (registry name -> value).
void declare_tunables(const std::map<std::string, double>& initial_values, HyperparameterRegistry& registry);

}  // namespace hypera::core
