// CountProgress (count_progress.h): the "item k of n" line, its ETA, and when it is printed, on an injected clock.
#include "core/logging/count_progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace hypera::core {
namespace {

CountState example_state() {
  CountState s;
  s.label = "compare: run";
  s.total = 110;
  s.finished = 25;
  s.skipped = {{"reused", 12}};
  s.elapsed_seconds = 3720;  // 62 min for 25 runs: the 73 left take 10862 s
  return s;
}

TEST(FormatCountProgress, MatchesTheDocumentedLine) {
  EXPECT_EQ(format_count_progress(example_state()), "compare: run 37/110 done (12 reused)  elapsed 1h02m  ETA 3h01m");
  CountState s = example_state();
  s.skipped.push_back({"not run", 2});
  s.elapsed_seconds = 600;  // 24 s a run, 71 left
  EXPECT_EQ(format_count_progress(s), "compare: run 39/110 done (12 reused, 2 not run)  elapsed 10m00s  ETA 28m24s");
}

TEST(FormatCountProgress, EtaUnknownBeforeTheFirstWorkedItemAndZeroAtTheEnd) {
  CountState s;
  s.label = "refine-train: pass";
  s.total = 100;
  EXPECT_EQ(format_count_progress(s), "refine-train: pass 0/100 done  elapsed 0s  ETA ?");
  s.skipped = {{"reused", 40}};  // skipped items say nothing about the pace
  s.elapsed_seconds = 5;
  EXPECT_EQ(format_count_progress(s), "refine-train: pass 40/100 done (40 reused)  elapsed 5s  ETA ?");
  s.skipped.clear();
  s.finished = 100;
  s.elapsed_seconds = 601;
  EXPECT_EQ(format_count_progress(s), "refine-train: pass 100/100 done  elapsed 10m01s  ETA 0s");
}

struct FakeClock {
  double now = 1000;  // any origin
};

TEST(CountProgress, EtaIsTheWallTimePerWorkedItemTimesTheItemsLeft) {
  std::ostringstream out;
  FakeClock clock;
  CountProgress progress(out, false, "compare: run", 10, ItemLength::kLong, [&] { return clock.now; });
  progress.skip("reused", 4);
  clock.now += 120;  // two runs at once: both end after 2 min, 1 min of wall time each
  progress.finish();
  progress.finish();
  EXPECT_EQ(format_count_progress(progress.state()), "compare: run 6/10 done (4 reused)  elapsed 2m00s  ETA 4m00s");
}

TEST(CountProgress, PlainLongItemsPrintALinePerFinishedItemAndTheLastSkip) {
  std::ostringstream out;
  FakeClock clock;
  CountProgress progress(out, false, "meta-train: baseline", 4, ItemLength::kLong, [&] { return clock.now; });
  progress.skip("reused");
  EXPECT_EQ(out.str(), "");  // skipped items print nothing of their own
  clock.now += 60;
  progress.finish();
  progress.line("done    baseline b");
  clock.now += 1;
  progress.finish();
  progress.skip("reused");  // the last item
  EXPECT_EQ(out.str(),
            "meta-train: baseline 2/4 done (1 reused)  elapsed 1m00s  ETA 2m00s\n"
            "done    baseline b\n"
            "meta-train: baseline 3/4 done (1 reused)  elapsed 1m01s  ETA 31s\n"
            "meta-train: baseline 4/4 done (2 reused)  elapsed 1m01s  ETA 0s\n");
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
}

TEST(CountProgress, PlainShortItemsPrintTheFirstThenOnePerIntervalAndTheLast) {
  std::ostringstream out;
  FakeClock clock;
  CountProgress progress(
      out, false, "refine-train: pass", 8, ItemLength::kShort, [&] { return clock.now; }, 30);
  std::string printed;
  // The first at 6 s; 35 is 29 s after it, 40 is 34 s; 69 is 29 s after 40, 71 is 31 s; 75 is the last item.
  for (double t : {6.0, 12.0, 35.0, 40.0, 55.0, 69.0, 71.0, 75.0}) {
    clock.now = 1000 + t;
    progress.finish();
    if (t == 6.0 || t == 40.0 || t == 71.0 || t == 75.0) printed += format_count_progress(progress.state()) + "\n";
  }
  EXPECT_EQ(out.str(), printed);
  EXPECT_EQ(std::count(printed.begin(), printed.end(), '\n'), 4);
  EXPECT_NE(printed.find("pass 1/8 done  elapsed 6s  ETA 42s\n"), std::string::npos) << printed;
  EXPECT_NE(printed.find("pass 8/8 done  elapsed 1m15s  ETA 0s\n"), std::string::npos) << printed;
}

TEST(CountProgress, TerminalRedrawsOneLineFromEtaUnknownAndEndsItAtTheLastItem) {
  std::ostringstream out;
  FakeClock clock;
  {
    CountProgress progress(out, true, "prepare: sample", 3, ItemLength::kShort, [&] { return clock.now; });
    EXPECT_EQ(out.str(), "\rprepare: sample 0/3 done  elapsed 0s  ETA ?");
    clock.now += 0.1;
    progress.finish();  // within 0.25 s of the last draw: not drawn
    EXPECT_EQ(out.str(), "\rprepare: sample 0/3 done  elapsed 0s  ETA ?");
    clock.now += 2;
    progress.finish();
    const std::string second = "\rprepare: sample 2/3 done  elapsed 2s  ETA 1s";
    EXPECT_EQ(out.str(), "\rprepare: sample 0/3 done  elapsed 0s  ETA ?" + second);
    progress.line("note");
    clock.now += 0.01;
    progress.finish();  // the last item: drawn at once, and the line ended
    const std::string text = out.str();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
    const std::string last = "\rprepare: sample 3/3 done  elapsed 2s  ETA 0s\n";  // as long as the 2/3 line
    ASSERT_GE(text.size(), last.size());
    EXPECT_EQ(text.substr(text.size() - last.size()), last) << text;
    EXPECT_NE(text.find("\rnote"), std::string::npos) << text;
    out.str("");
  }
  EXPECT_EQ(out.str(), "");  // nothing left open for the destructor to end
}

TEST(CountProgress, TerminalLongItemsRedrawAtEveryEvent) {
  std::ostringstream out;
  FakeClock clock;
  CountProgress progress(out, true, "compare: run", 5, ItemLength::kLong, [&] { return clock.now; });
  progress.skip("reused");
  progress.skip("reused");
  clock.now += 0.01;
  progress.finish();
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 4) << text;
  EXPECT_NE(text.find("\rcompare: run 3/5 done (2 reused)  elapsed 0s  ETA 0s"), std::string::npos) << text;
}

}  // namespace
}  // namespace hypera::core
