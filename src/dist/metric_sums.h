#pragma once
// Small collectives over values rather than models. Validation across ranks: each rank evaluates its shard and accumulates metric *sums* (and counts);
// summing them over ranks gives every rank the global values, e.g. global mean Dice = sum(dice) /
// sum(count). Collective; every rank passes the same number of values, in the same meaning per index.
// Exact up to double rounding. Cost: one all-reduce of values.size() doubles.
#include <string>
#include <vector>

#include "dist/communicator.h"

namespace hypera::dist {

std::vector<double> sum_over_ranks(Communicator& communicator, const std::vector<double>& local_sums);

// The element-wise mean over the ranks of a contiguous float32 CPU tensor, in place (copied through the
// communicator's device when that is not the CPU). Collective; the same size on every rank.
void average_over_ranks(Communicator& communicator, torch::Tensor& values);

// Every rank's bytes (any length) in rank order. Collective; two collectives (lengths, data).
std::vector<std::string> gather_bytes(Communicator& communicator, const std::string& bytes);

}  // namespace hypera::dist
