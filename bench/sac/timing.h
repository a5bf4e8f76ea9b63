#pragma once
// Time per call of `call`: 10 untimed calls, then at least 20 timed calls and at least `seconds` seconds of wall
// time. Same protocol as time_loop() in python_sac_update.py.
#include <time.h>

#include <chrono>
#include <cstdint>

namespace hypera::sac_bench {

struct CallTimes {
  double wall_ms;  // elapsed time / calls: includes waiting for a core on a loaded machine
  double cpu_ms;   // the calling thread's CPU time / calls: close to the unloaded time when cores are shared
};

template <typename Call>
CallTimes time_calls(Call&& call, double seconds) {
  using Clock = std::chrono::steady_clock;
  auto thread_cpu_s = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + 1e-9 * double(now.tv_nsec);
  };
  for (int i = 0; i < 10; ++i) call();
  int64_t count = 0;
  const auto start = Clock::now();
  const double cpu_start = thread_cpu_s();
  double elapsed = 0;
  while (elapsed < seconds || count < 20) {
    call();
    ++count;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  return {1000 * elapsed / double(count), 1000 * (thread_cpu_s() - cpu_start) / double(count)};
}

}  // namespace hypera::sac_bench
