#include "population/pbt_rules.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hypera::population {

std::vector<double> member_fitness(const std::vector<double>& metric, const std::vector<double>& previous,
                                   const std::string& kind) {
  std::vector<double> fitness = metric;
  for (size_t m = 0; m < metric.size(); ++m) {
    if (kind == "improvement" && !std::isnan(previous[m])) fitness[m] = metric[m] - previous[m];
  }
  return fitness;
}

std::vector<Exploit> choose_exploits(const std::vector<double>& fitness, double quantile, std::mt19937_64& random) {
  const int members = static_cast<int>(fitness.size());
  if (members < 2) return {};
  std::vector<int> order(members);
  std::iota(order.begin(), order.end(), 0);
  const auto better = [&](int a, int b) {
    const bool a_known = !std::isnan(fitness[a]), b_known = !std::isnan(fitness[b]);
    if (a_known != b_known) return a_known;
    if (a_known && fitness[a] != fitness[b]) return fitness[a] > fitness[b];
    return a < b;
  };
  std::stable_sort(order.begin(), order.end(), better);
  const int count = std::clamp(static_cast<int>(std::lround(quantile * members)), 1, members / 2);
  std::vector<Exploit> exploits;
  std::uniform_int_distribution<int> top(0, count - 1);
  for (int i = members - count; i < members; ++i) exploits.push_back({order[i], order[top(random)]});
  std::sort(exploits.begin(), exploits.end(), [](const Exploit& a, const Exploit& b) { return a.target < b.target; });
  return exploits;
}

double explored_value(double value, const core::HyperparameterSpec& spec, double resample_probability,
                      std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  double explored;
  if (unit(random) < resample_probability) {
    const double u = unit(random);
    explored = spec.lower > 0 ? std::exp(std::log(spec.lower) + u * (std::log(spec.upper) - std::log(spec.lower)))
                              : spec.lower + u * (spec.upper - spec.lower);
  } else {
    explored = value * (unit(random) < 0.5 ? 0.8 : 1.2);
  }
  return std::clamp(explored, spec.lower, spec.upper);
}

std::mt19937_64 decision_generator(uint64_t seed, int64_t generation, int64_t member) {
  std::seed_seq sequence{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                         static_cast<uint32_t>(generation), static_cast<uint32_t>(member), 0x9b7bu};
  return std::mt19937_64(sequence);
}

}  // namespace hypera::population
