// Replay-buffer cost on the SAC hot path: sample(256) from a full buffer of capacity 1e6, for state 3 /
// action 1 and state 32 / action 4, uniform and prioritized; also add() per transition while filling and,
// for the prioritized buffer, update_priorities() of a sampled batch. One thread. Prints one JSON line per
// configuration (times in microseconds; p50/p90 over single calls).
//   bench_replay_sample [sample_calls, default 20000] [capacity, default 1000000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sac/replay/replay_factory.h"

namespace {

using Clock = std::chrono::steady_clock;
using hypera::sac::Batch;
using hypera::sac::ReplayBuffer;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(q * static_cast<double>(values.size() - 1))];
}

void run(bool prioritized, int64_t state_dim, int64_t action_dim, int64_t capacity, int calls) {
  auto buffer = hypera::sac::make_replay_buffer(prioritized, capacity, state_dim, action_dim, {});
  std::mt19937_64 rng(1);
  std::normal_distribution<float> normal;
  hypera::sac::Transition t{std::vector<float>(state_dim), std::vector<float>(action_dim), 0,
                            std::vector<float>(state_dim), 0.99f};
  Clock::duration adding{};
  for (int64_t i = 0; i < capacity; ++i) {
    for (float& v : t.state) v = normal(rng);
    for (float& v : t.action) v = normal(rng);
    for (float& v : t.next_state) v = normal(rng);
    t.reward = normal(rng);
    const auto start = Clock::now();
    buffer->add(t);
    adding += Clock::now() - start;
  }
  std::vector<float> errors(256);
  for (int warm = 0; warm < 100; ++warm) buffer->sample(256, rng);
  std::vector<double> sample_us;
  std::vector<double> update_us;
  std::uniform_real_distribution<float> td(0.0f, 2.0f);
  double checksum = 0;
  for (int call = 0; call < calls; ++call) {
    auto start = Clock::now();
    const Batch batch = buffer->sample(256, rng);
    sample_us.push_back(micros(Clock::now() - start));
    checksum += batch.rewards[0].item<float>();
    if (prioritized) {
      for (float& e : errors) e = td(rng);
      start = Clock::now();
      buffer->update_priorities(batch.indices, errors);
      update_us.push_back(micros(Clock::now() - start));
    }
  }
  double mean = 0;
  for (double v : sample_us) mean += v;
  mean /= static_cast<double>(sample_us.size());
  std::printf("{\"buffer\": \"%s\", \"state_dim\": %lld, \"action_dim\": %lld, \"capacity\": %lld, \"batch\": 256, "
              "\"calls\": %d, \"sample_us_mean\": %.1f, \"sample_us_p50\": %.1f, \"sample_us_p90\": %.1f, "
              "\"add_us_mean\": %.3f",
              prioritized ? "prioritized" : "uniform", static_cast<long long>(state_dim),
              static_cast<long long>(action_dim), static_cast<long long>(capacity), calls, mean,
              percentile(sample_us, 0.5), percentile(sample_us, 0.9), micros(adding) / static_cast<double>(capacity));
  if (prioritized) std::printf(", \"update_priorities_us_p50\": %.1f", percentile(update_us, 0.5));
  std::printf(", \"checksum\": %.3f}\n", checksum);
}

}  // namespace

int main(int argc, char** argv) {
  const int calls = argc > 1 ? std::stoi(argv[1]) : 20000;
  const int64_t capacity = argc > 2 ? std::stoll(argv[2]) : 1000000;
  torch::set_num_threads(1);
  for (auto [state_dim, action_dim] : {std::pair<int64_t, int64_t>{3, 1}, {32, 4}}) {
    for (bool prioritized : {false, true}) run(prioritized, state_dim, action_dim, capacity, calls);
  }
  return 0;
}
