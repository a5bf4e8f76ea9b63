#pragma once
// Calls per second of `call`: 10 untimed calls, then at least 20 timed calls and at least `seconds` seconds.
// Same protocol as time_loop() in python_sac_update.py.
#include <chrono>
#include <cstdint>

namespace hypera::sac_bench {

template <typename Call>
double calls_per_second(Call&& call, double seconds) {
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < 10; ++i) call();
  int64_t count = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < seconds || count < 20) {
    call();
    ++count;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  return double(count) / elapsed;
}

}  // namespace hypera::sac_bench
