#pragma once
// The two measurements of hypera_sac_bench. Each returns ONE JSON line (no newline). Both use the calling
// thread's LibTorch settings (main sets one thread).
#include <string>

#include "bench_options.h"

namespace hypera::sac_bench {

// Trains a SacAgent (SB3-equivalent defaults: Adam lr for actor, critic and alpha, buffer 1e6, tau 0.005,
// gamma 0.99, automatic entropy, one update per step after options.warmup steps) on options.env for
// options.steps steps, then runs 10 deterministic evaluation episodes. JSON keys: system, env, seed, steps,
// episodes, mean_return_last10 (mean return of the last 10 training episodes), eval_return_10 (mean of the
// evaluation episodes), wall_s (training loop only), updates, updates_per_s (updates / wall_s).
std::string run_training(const BenchOptions& options);

// Times SacAgent::update() alone on a buffer of random pendulum-sized transitions, then the matrix products
// alone (matmul_only.h), options.seconds each. JSON keys: system, torch, hidden, batch, updates_per_s,
// update_ms, matmul_only_ms (wall time per call), update_cpu_ms, matmul_only_cpu_ms (the thread's CPU time per
// call: the figures to compare on a machine whose cores are shared).
std::string run_update_speed(const BenchOptions& options);

}  // namespace hypera::sac_bench
