#pragma once
// Resolution of conflicting proposals for one parameter that several agents own (segmentation agents'
// min_size; the hyperparameter coordinator's shared hyperparameters).
#include <string>
#include <vector>

namespace hypera::agents {

enum class ConflictStrategy {
  WeightedAverage,  // sum(weight * value) / sum(weight)
  PriorityBased,    // the value of the proposal with the highest priority (the first one on ties)
  Consensus,        // the mean when max - min <= tolerance, otherwise the base value (no change)
};

// "weighted_average" | "priority_based" | "consensus"; anything else throws InputError naming `option`.
ConflictStrategy parse_conflict_strategy(const std::string& name, const std::string& option);
std::string to_string(ConflictStrategy strategy);

struct Proposal {
  std::string agent;    // who proposed (for logs)
  double value = 0;
  double weight = 1;    // >= 0; weighted_average only
  int priority = 0;     // larger wins; priority_based only
};

// The resolved value. One proposal: its value, whatever the strategy. No proposal: `base`. Weights that
// are all zero fall back to the plain mean. std::invalid_argument for a negative or non-finite weight, a
// non-finite value or a negative tolerance. O(proposals), thread-safe.
double resolve_conflict(const std::vector<Proposal>& proposals, double base, ConflictStrategy strategy,
                        double tolerance);

}  // namespace hypera::agents
