#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/logging/progress_display.h"

namespace hypera::core {
namespace {

ProgressState example_state() {
  ProgressState s;
  s.epoch = 3;
  s.epochs = 20;
  s.step = 45;
  s.steps_per_epoch = 120;
  s.loss = 0.43214;
  s.images_per_second = 12.34;
  // 285 of 2400 steps done; 252 s left at this pace.
  s.elapsed_seconds = 252.0 * 285 / 2115;
  return s;
}

TEST(FormatProgress, MatchesTheDocumentedLine) {
  EXPECT_EQ(format_progress(example_state()), "epoch 3/20  step 45/120  loss 0.4321  12.3 img/s  ETA 4m12s");
}

TEST(FormatProgress, EtaInHoursSecondsAndUnknown) {
  ProgressState s = example_state();
  s.elapsed_seconds = 7380.0 * 285 / 2115;  // 2 h 03 min left
  EXPECT_NE(format_progress(s).find("ETA 2h03m"), std::string::npos) << format_progress(s);
  s.elapsed_seconds = 9.0 * 285 / 2115;
  EXPECT_NE(format_progress(s).find("ETA 9s"), std::string::npos) << format_progress(s);
  s.epoch = 1;
  s.step = 0;
  EXPECT_NE(format_progress(s).find("ETA ?"), std::string::npos) << format_progress(s);
  s.loss = 2.5e-5;
  EXPECT_NE(format_progress(s).find("loss 2.5e-05"), std::string::npos) << format_progress(s);
}

struct FakeClock {
  double now = 0;
};

TEST(ProgressDisplay, TerminalRewritesOneLineAtMostFourTimesASecond) {
  std::ostringstream out;
  FakeClock clock;
  ProgressDisplay display(out, true, [&] { return clock.now; });
  ProgressState s = example_state();
  for (int i = 0; i < 10; ++i) {  // ten updates 0.1 s apart: drawn at 0.0, 0.3, 0.6, 0.9
    s.step = 40 + i;
    clock.now = 0.1 * i;
    display.update(s);
  }
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 4);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 0);
  EXPECT_NE(text.find("step 40/120"), std::string::npos);
  EXPECT_NE(text.find("step 43/120"), std::string::npos);
  EXPECT_EQ(text.find("step 41/120"), std::string::npos);
  EXPECT_NE(text.find("step 49/120"), std::string::npos);

  s.step = 120;  // the epoch's last step is always drawn, and ends the line
  clock.now += 0.01;
  display.update(s);
  EXPECT_EQ(out.str().substr(text.size()), "\r" + format_progress(s) + "\n");
}

TEST(ProgressDisplay, TerminalPadsOverALongerPreviousLine) {
  std::ostringstream out;
  FakeClock clock;
  ProgressDisplay display(out, true, [&] { return clock.now; });
  ProgressState s = example_state();
  s.images_per_second = 12345.6;
  display.update(s);
  const std::string long_line = format_progress(s);
  s.images_per_second = 1.5;
  clock.now = 1;
  display.update(s);
  const std::string short_line = format_progress(s);
  ASSERT_LT(short_line.size(), long_line.size());
  EXPECT_EQ(out.str(), "\r" + long_line + "\r" + short_line + std::string(long_line.size() - short_line.size(), ' '));
}

TEST(ProgressDisplay, TerminalLineClearsThenRedrawsTheProgress) {
  std::ostringstream out;
  FakeClock clock;
  {
    ProgressDisplay display(out, true, [&] { return clock.now; });
    const ProgressState s = example_state();
    display.update(s);
    const std::string progress = format_progress(s);
    display.line("saved");
    EXPECT_EQ(out.str(), "\r" + progress + "\rsaved" + std::string(progress.size() - 5, ' ') + "\n\r" + progress);
    out.str("");
  }
  EXPECT_EQ(out.str(), "\n");  // the destructor ends the open progress line
}

TEST(ProgressDisplay, PlainOutputPrintsFullLinesAtTheIntervalAndAtEpochEnd) {
  std::ostringstream out;
  FakeClock clock;
  ProgressDisplay display(
      out, false, [&] { return clock.now; }, 30);
  ProgressState s = example_state();
  std::string expected;
  for (double t : {0.0, 10.0, 29.0, 31.0, 45.0, 62.0}) {
    clock.now = t;
    ++s.step;
    display.update(s);
    if (t == 0.0 || t == 31.0 || t == 62.0) expected += format_progress(s) + "\n";
  }
  s.step = s.steps_per_epoch;
  clock.now = 63;
  display.update(s);
  expected += format_progress(s) + "\n";
  display.line("epoch 3 done");
  expected += "epoch 3 done\n";
  EXPECT_EQ(out.str(), expected);
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
}

}  // namespace
}  // namespace hypera::core
