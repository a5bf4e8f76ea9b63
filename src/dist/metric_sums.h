#pragma once
// Validation across ranks: each rank evaluates its shard and accumulates metric *sums* (and counts);
// summing them over ranks gives every rank the global values, e.g. global mean Dice = sum(dice) /
// sum(count). Collective; every rank passes the same number of values, in the same meaning per index.
// Exact up to double rounding. Cost: one all-reduce of values.size() doubles.
#include <vector>

#include "dist/communicator.h"

namespace hypera::dist {

std::vector<double> sum_over_ranks(Communicator& communicator, const std::vector<double>& local_sums);

}  // namespace hypera::dist
