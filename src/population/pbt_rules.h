#pragma once
// The decisions of population-based training (Jaderberg et al. 2017, "truncation selection" and "perturb"),
// as pure functions of the fitness values, the bounds and a generator, so that every rank computes the same
// ones from the same seed. Thread-safe (no shared state).
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/train/hyperparameter_registry.h"

namespace hypera::population {

// Member `target` takes over the model, optimizer state and hyperparameters of member `source`.
struct Exploit {
  int target = 0;
  int source = 0;
};

// What ranks the members: `metric` itself (kind "metric"), or with kind "improvement" its gain over `previous`
// (the lineage's metric at the previous generation; the metric itself where that is NaN, at the first one).
std::vector<double> member_fitness(const std::vector<double>& metric, const std::vector<double>& previous,
                                   const std::string& kind);

// Truncation selection: members ranked by fitness (higher is better, NaN lowest, ties to the lower index); the
// bottom round(quantile x members) members (at least 1 with two or more members, at most half) each copy a
// member of the top as many, drawn uniformly. Sorted by target. None for fewer than two members.
std::vector<Exploit> choose_exploits(const std::vector<double>& fitness, double quantile, std::mt19937_64& random);

// PBT's explore of one value within `spec`'s bounds: with `resample_probability` a fresh draw from the bounds
// (log-uniform when the lower bound is > 0, else uniform); otherwise the value times 0.8 or 1.2 (even odds),
// clamped into the bounds. Integral entries are rounded by the registry on write.
double explored_value(double value, const core::HyperparameterSpec& spec, double resample_probability,
                      std::mt19937_64& random);

// The generator of one PBT decision: a stream of its own per (seed, generation, member), so that decisions
// need no generator state in a checkpoint and a resumed population decides as an uninterrupted one.
std::mt19937_64 decision_generator(uint64_t seed, int64_t generation, int64_t member);

}  // namespace hypera::population
