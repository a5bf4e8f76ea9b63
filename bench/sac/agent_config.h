#pragma once
// The SacConfig that hypera_sac_bench uses for an environment: the environment's sizes and bounds, the
// options' network widths, batch, learning rate, warm-up and seed; everything else SacConfig's defaults
// (which are Stable-Baselines3's).
#include "bench_options.h"
#include "environment.h"
#include "sac/agent/sac_config.h"

namespace hypera::sac_bench {

inline sac::SacConfig agent_config(const BenchOptions& options, const Environment& env) {
  sac::SacConfig config;
  config.state_dim = env.observation_dim();
  config.action_low = env.action_low();
  config.action_high = env.action_high();
  config.hidden = options.hidden;
  config.actor_lr = config.critic_lr = config.alpha_lr = options.lr;
  config.batch_size = options.batch;
  config.warmup_steps = options.warmup;
  config.seed = options.seed;
  return config;
}

}  // namespace hypera::sac_bench
