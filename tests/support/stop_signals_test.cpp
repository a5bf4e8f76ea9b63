// The time-limit signals: the first SIGUSR1 or SIGTERM is recorded, the second ends the process at once.
// Each case runs in a child process (a death test, "threadsafe" style: the runner has LibTorch's threads), so
// the handler never stays installed in the test runner.
#include "support/stop_signals.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

namespace hypera::support {
namespace {

TEST(StopSignalsDeathTest, TheFirstSignalIsRecordedAndTheProcessGoesOn) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  for (int signal_number : {SIGUSR1, SIGTERM}) {
    EXPECT_EXIT(
        {
          install_stop_signals();
          if (stop_signal_received() != 0) std::_Exit(3);
          std::raise(signal_number);
          std::_Exit(stop_signal_received() == signal_number ? 0 : 4);
        },
        ::testing::ExitedWithCode(0), "")
        << signal_number;
  }
}

TEST(StopSignalsDeathTest, ASecondSignalEndsTheProcessAtOnce) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        install_stop_signals();
        std::raise(SIGUSR1);
        std::raise(SIGTERM);
        std::_Exit(0);  // not reached: SIGTERM's default action ends the process
      },
      ::testing::KilledBySignal(SIGTERM), "");
}

}  // namespace
}  // namespace hypera::support
