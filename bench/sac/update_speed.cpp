#include <torch/torch.h>
#include <torch/version.h>

#include <cstdio>
#include <random>

#include "agent_config.h"
#include "bench_modes.h"
#include "make_environment.h"
#include "matmul_only.h"
#include "sac/agent/sac_agent.h"
#include "timing.h"

namespace hypera::sac_bench {

std::string run_update_speed(const BenchOptions& options) {
  auto env = make_environment(options.env);
  BenchOptions filled = options;
  constexpr int64_t kTransitions = 10000;  // the size of python_sac_update.py's buffer
  filled.warmup = kTransitions + 1;       // observe() must not update while the buffer is filled
  sac::SacAgent agent(agent_config(filled, *env));

  // Random transitions, distributed as python_sac_update.py's.
  std::mt19937_64 rng(options.seed);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> unit(-1.0F, 1.0F);
  const int64_t state_dim = env->observation_dim();
  const std::vector<float> high = env->action_high();
  for (int64_t i = 0; i < kTransitions; ++i) {
    sac::Step step;
    for (int64_t j = 0; j < state_dim; ++j) step.state.push_back(normal(rng)), step.next_state.push_back(normal(rng));
    for (const float bound : high) step.action.push_back(unit(rng) * bound);
    step.reward = normal(rng);
    step.terminated = unit(rng) > 0.98F;
    agent.observe(step);
  }

  const CallTimes update = time_calls([&] { agent.update(); }, options.seconds);
  const CallTimes matmul =
      matmul_only_times(state_dim, int64_t(high.size()), options.hidden, options.batch, options.seconds);

  std::string hidden;
  for (const int64_t width : options.hidden) hidden += (hidden.empty() ? "" : ", ") + std::to_string(width);
  char line[512];
  std::snprintf(line, sizeof line,
                "{\"system\": \"hypera\", \"torch\": \"%s\", \"hidden\": [%s], \"batch\": %lld, "
                "\"updates_per_s\": %.1f, \"update_ms\": %.3f, \"matmul_only_ms\": %.3f, "
                "\"update_cpu_ms\": %.3f, \"matmul_only_cpu_ms\": %.3f}",
                TORCH_VERSION, hidden.c_str(), static_cast<long long>(options.batch), 1000 / update.wall_ms,
                update.wall_ms, matmul.wall_ms, update.cpu_ms, matmul.cpu_ms);
  return line;
}

}  // namespace hypera::sac_bench
