#include "agents/hyperparameter/hyperparameter_agent.h"

#include <algorithm>
#include <cmath>

namespace hypera::agents {

float normalized_value(const core::HyperparameterSpec& spec, double value) {
  constexpr double kFloor = 1e-8;
  const double lower = std::max(spec.lower, kFloor);
  double position;
  if (spec.upper / lower > 100) {
    position = (std::log(std::max(value, kFloor)) - std::log(lower)) / (std::log(spec.upper) - std::log(lower));
  } else {
    position = spec.upper > spec.lower ? (value - spec.lower) / (spec.upper - spec.lower) : 0.0;
  }
  return static_cast<float>(std::min(1.0, std::max(0.0, position)));
}

std::vector<float> agent_state(const HyperparameterAgent& agent, const TrainingSignals& signals,
                               const core::HyperparameterRegistry& registry, double progress) {
  std::vector<float> state = signals.features(progress);
  for (const auto& name : agent.observed_hyperparameters()) {
    state.push_back(normalized_value(registry.spec(name), registry.get(name)));
  }
  return state;
}

double scaled(double value, double a, double scale) { return value * std::exp2(scale * a); }

double configured(const core::HyperparameterRegistry& registry, const std::string& name) {
  return registry.spec(name).initial;
}

std::vector<float> HyperparameterAgent::neutral_action() const {
  const ActionSpace space = action_space();
  if (space.choices > 0) return {static_cast<float>(space.choices / 2)};
  std::vector<float> middle(space.low.size());
  for (size_t i = 0; i < middle.size(); ++i) middle[i] = 0.5f * (space.low[i] + space.high[i]);
  return middle;
}

}  // namespace hypera::agents
