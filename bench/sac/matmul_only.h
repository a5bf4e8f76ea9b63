#pragma once
// The matrix products of one SAC update alone, as a lower bound for the update's time: the 45 addmm/mm
// calls (for two hidden layers) that a continuous SAC update with twin critics needs, on preallocated random
// float32 operands, nothing else. The same sequence as matmul_only_rate() in python_sac_update.py:
//  1. actor forward on s'; both target critics forward on (s', a');
//  2. both critics forward on (s, a), their weight gradients (every layer) and input gradients (all but the
//     first layer);
//  3. actor forward on s; both critics forward on (s, a_pi) and input gradients down to the action;
//  4. actor weight gradients (every layer) and input gradients (all but the first layer).
// Actor: state_dim -> hidden... -> 2 * action_dim (mean and log-std); critics: state_dim + action_dim ->
// hidden... -> 1. Uses the calling thread's LibTorch settings. Cost: seconds plus ~10 sequences.
#include <cstdint>
#include <vector>

#include "timing.h"

namespace hypera::sac_bench {

// Time per sequence.
CallTimes matmul_only_times(int64_t state_dim, int64_t action_dim, const std::vector<int64_t>& hidden, int64_t batch,
                            double seconds);

}  // namespace hypera::sac_bench
