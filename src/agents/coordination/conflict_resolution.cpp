#include "agents/coordination/conflict_resolution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "support/input_error.h"

namespace hypera::agents {

ConflictStrategy parse_conflict_strategy(const std::string& name, const std::string& option) {
  if (name == "weighted_average") return ConflictStrategy::WeightedAverage;
  if (name == "priority_based") return ConflictStrategy::PriorityBased;
  if (name == "consensus") return ConflictStrategy::Consensus;
  throw InputError(option + ": unknown conflict strategy '" + name +
                   "' (expected weighted_average, priority_based or consensus)");
}

std::string to_string(ConflictStrategy strategy) {
  switch (strategy) {
    case ConflictStrategy::WeightedAverage: return "weighted_average";
    case ConflictStrategy::PriorityBased: return "priority_based";
    case ConflictStrategy::Consensus: return "consensus";
  }
  return "weighted_average";
}

double resolve_conflict(const std::vector<Proposal>& proposals, double base, ConflictStrategy strategy,
                        double tolerance) {
  if (!(tolerance >= 0) || !std::isfinite(tolerance)) {
    throw std::invalid_argument("resolve_conflict: tolerance must be finite and >= 0");
  }
  for (const Proposal& p : proposals) {
    if (!std::isfinite(p.value) || !std::isfinite(p.weight) || p.weight < 0) {
      throw std::invalid_argument("resolve_conflict: proposal of " + p.agent + " has a non-finite value or a bad weight");
    }
  }
  if (proposals.empty()) return base;
  if (proposals.size() == 1) return proposals.front().value;
  double sum = 0;
  for (const Proposal& p : proposals) sum += p.value;
  const double mean = sum / static_cast<double>(proposals.size());
  switch (strategy) {
    case ConflictStrategy::WeightedAverage: {
      double weighted = 0;
      double weights = 0;
      for (const Proposal& p : proposals) {
        weighted += p.weight * p.value;
        weights += p.weight;
      }
      return weights > 0 ? weighted / weights : mean;
    }
    case ConflictStrategy::PriorityBased: {
      const Proposal* best = &proposals.front();
      for (const Proposal& p : proposals) {
        if (p.priority > best->priority) best = &p;
      }
      return best->value;
    }
    case ConflictStrategy::Consensus: {
      const auto [low, high] = std::minmax_element(proposals.begin(), proposals.end(),
                                                   [](const Proposal& a, const Proposal& b) { return a.value < b.value; });
      return high->value - low->value <= tolerance ? mean : base;
    }
  }
  return base;
}

}  // namespace hypera::agents
