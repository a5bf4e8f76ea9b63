// The time-limit signals: the first SIGUSR1 or SIGTERM is recorded, the second ends the process at once; a stop
// file asks to stop the same way.
// Each case runs in a child process (a death test, "threadsafe" style: the runner has LibTorch's threads), so
// the handler never stays installed in the test runner.
#include "support/stop_signals.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

#include "common/scratch_folder.h"
#include "support/durable_file.h"

namespace hypera::support {
namespace {

TEST(StopSignalsDeathTest, TheFirstSignalIsRecordedAndTheProcessGoesOn) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  for (int signal_number : {SIGUSR1, SIGTERM}) {
    EXPECT_EXIT(
        {
          install_stop_signals();
          StopRequest asked("");  // no stop file: the signal alone answers
          if (asked()) std::_Exit(3);
          std::raise(signal_number);
          std::_Exit(asked() ? 0 : 4);
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

TEST(StopRequest, AnExistingStopFileAsksToStop) {
  test::ScratchFolder dir;
  StopRequest missing(dir.path() / "absent");
  EXPECT_FALSE(missing());
  support::write_file_atomically(dir.path() / "stop", "");
  StopRequest present(dir.path() / "stop");
  EXPECT_TRUE(present());
  EXPECT_TRUE(present()) << "it stays asked";
}

}  // namespace
}  // namespace hypera::support
