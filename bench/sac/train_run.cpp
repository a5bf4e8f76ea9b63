#include <chrono>
#include <cstdio>
#include <numeric>

#include "agent_config.h"
#include "bench_modes.h"
#include "make_environment.h"
#include "sac/agent/sac_agent.h"

namespace hypera::sac_bench {
namespace {

constexpr uint64_t kEvalSeedOffset = 1000003;  // evaluation episodes start from states training did not see

double mean_of_last(const std::vector<double>& values, size_t count) {
  const size_t n = std::min(count, values.size());
  if (n == 0) return 0;
  return std::accumulate(values.end() - static_cast<std::ptrdiff_t>(n), values.end(), 0.0) / double(n);
}

}  // namespace

std::string run_training(const BenchOptions& options) {
  using Clock = std::chrono::steady_clock;
  auto env = make_environment(options.env);
  sac::SacAgent agent(agent_config(options, *env));

  const auto start = Clock::now();
  std::vector<double> returns;
  double episode_return = 0;
  std::vector<float> state = env->reset(options.seed);
  for (int64_t t = 0; t < options.steps; ++t) {
    std::vector<float> action = agent.act(state, true);
    EnvStep result = env->step(action);
    episode_return += result.reward;
    agent.observe({state, std::move(action), float(result.reward), result.observation, result.terminated, result.truncated});
    if (result.terminated || result.truncated) {
      returns.push_back(episode_return);
      episode_return = 0;
      state = env->reset();
    } else {
      state = std::move(result.observation);
    }
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();

  auto eval_env = make_environment(options.env);
  std::vector<double> eval_returns;
  for (uint64_t episode = 0; episode < 10; ++episode) {
    std::vector<float> s = eval_env->reset(options.seed + kEvalSeedOffset + episode);
    double total = 0;
    for (bool done = false; !done;) {
      EnvStep result = eval_env->step(agent.act(s, false));
      total += result.reward;
      done = result.terminated || result.truncated;
      s = std::move(result.observation);
    }
    eval_returns.push_back(total);
  }

  char line[512];
  std::snprintf(line, sizeof line,
                "{\"system\": \"hypera\", \"env\": \"%s\", \"seed\": %llu, \"steps\": %lld, \"episodes\": %zu, "
                "\"mean_return_last10\": %.2f, \"eval_return_10\": %.2f, \"wall_s\": %.1f, \"updates\": %lld, "
                "\"updates_per_s\": %.1f}",
                options.env.c_str(), static_cast<unsigned long long>(options.seed),
                static_cast<long long>(options.steps), returns.size(), mean_of_last(returns, 10),
                mean_of_last(eval_returns, 10), wall, static_cast<long long>(agent.updates_done()),
                double(agent.updates_done()) / wall);
  return line;
}

}  // namespace hypera::sac_bench
