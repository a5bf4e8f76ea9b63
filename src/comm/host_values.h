#pragma once
// Collectives over host values rather than device tensors: metric sums, "the same on every rank?" checks,
// rank 0's decisions, byte and float gathers. Each is one or two collectives of collective.h (contract there:
// every rank calls it, in the same order), staged through the collective's device when that is not the CPU.
// Each takes the call site of its caller, so a checked collective names the caller, not this file.
#include <string>
#include <vector>

#include "comm/collective.h"

namespace hypera::comm {

// Element-wise reduction of `values` over the ranks (the same length on every rank), identical on every
// rank. Sums are exact up to double rounding. Cost: one all-reduce of values.size() doubles.
std::vector<double> allreduce_values(Collective& collective, const std::vector<double>& values, ReduceOp op,
                                     CallSite site = CallSite::here());

// Whether every rank holds the same `values` (the same length on every rank; NaN never equals), the same
// answer on every rank. Cost: one all-reduce (max) of 2 * values.size() doubles.
bool same_on_every_rank(Collective& collective, const std::vector<double>& values, CallSite site = CallSite::here());

// Root's `values` on every rank (the same length on every rank). Cost: one broadcast.
std::vector<double> broadcast_values(Collective& collective, const std::vector<double>& values, int root,
                                     CallSite site = CallSite::here());

// In place: the element-wise mean over the ranks of a contiguous float32 CPU tensor (the same size on every
// rank), bitwise equal on every rank. Cost: one all-reduce.
void average_in_place(Collective& collective, torch::Tensor& values, CallSite site = CallSite::here());

// Every rank's bytes (any length, 0 allowed) in rank order. Cost: one all-gather of variable size.
std::vector<std::string> allgather_bytes(Collective& collective, const std::string& bytes,
                                         CallSite site = CallSite::here());

// Root's `bytes` on every rank (the other ranks' argument is ignored; any length, 0 allowed). Cost: two
// broadcasts (the length, then the bytes).
std::string broadcast_bytes(Collective& collective, const std::string& bytes, int root,
                            CallSite site = CallSite::here());

// Every rank's float values (any length, 0 allowed) in rank order. Cost: one all-gather of variable size.
std::vector<std::vector<float>> allgather_floats(Collective& collective, const std::vector<float>& values,
                                                 CallSite site = CallSite::here());

}  // namespace hypera::comm
