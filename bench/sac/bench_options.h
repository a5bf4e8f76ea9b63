#pragma once
// Command line of hypera_sac_bench:
//   hypera_sac_bench [--mode train|update-speed] [--env pendulum|mountaincar] [--steps N] [--seed S]
//                    [--hidden 256,256] [--batch 256] [--lr 3e-4] [--warmup 100] [--seconds 5]
// train: trains for --steps environment steps (one update per step after --warmup random steps).
// update-speed: times the update alone (and the matrix products alone) for --seconds each.
#include <cstdint>
#include <string>
#include <vector>

namespace hypera::sac_bench {

struct BenchOptions {
  std::string mode = "train";
  std::string env = "pendulum";
  int64_t steps = 20000;
  uint64_t seed = 0;
  std::vector<int64_t> hidden{256, 256};
  int64_t batch = 256;
  double lr = 3e-4;      // actor, critic and temperature learning rate
  int64_t warmup = 100;  // random-action steps before the first update (SB3's learning_starts)
  double seconds = 5;    // update-speed: timing budget per measurement
};

// Throws hypera::InputError with one line naming the option for an unknown option, a missing or malformed
// value, or a value out of range.
BenchOptions parse_bench_options(int argc, const char* const* argv);

}  // namespace hypera::sac_bench
