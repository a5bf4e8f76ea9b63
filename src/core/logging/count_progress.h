#pragma once
// The console progress of work counted in items (refine-train's passes, compare's runs, meta-train's baselines and
// episodes, prepare's samples), as one line:
//   "<label> <k>/<n> done[ (<count> <kind>, ...)]  elapsed <t>  ETA <t>"
//   "compare: run 37/110 done (12 reused)  elapsed 1h02m  ETA 48m00s"
// k counts every ended item, the skipped ones too: items that ended without work (runs reused from an earlier
// call, episodes done before), listed in parentheses by kind, in the order their kinds first came. The ETA is the
// items left times the elapsed wall time (since construction) per item finished with work, so skipped items never
// shorten it: the mean time per item when items run one after another, and the wall time per item when several
// run at once (compare --jobs). It reads "ETA ?" while no item has finished with work and some are left, and
// "ETA 0s" when none is left. Durations as format_duration (progress_display.h).
//
// Where the line goes (the StatusLine of status_line.h):
//  - On a terminal, one line redrawn in place: drawn at construction ("0/n ... ETA ?"), again after finished or
//    skipped items (kShort items: at most every 0.25 s), always at the last item, after which the line is ended.
//  - Not on a terminal (a log file, a Slurm job's output), full lines, written only when items end: kLong items
//    (a compare run, a meta-train run: minutes each) print one per finished item, which is what a reader of a
//    Slurm log wants beside the run's own start and done lines; kShort items (a refine-train pass, a prepared
//    sample: seconds or less) print the first finished item, then at most one line per
//    `plain_interval_seconds` (default 30), and always the last item. Skipped items print no line of their own
//    except the last item.
// The clock is injected (seconds, any origin, non-decreasing) so that tests need no sleeping.
// Thread safety: none; one thread reports. Cost: a clock read per call, one format per printed line.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/logging/status_line.h"

namespace hypera::core {

struct CountState {
  std::string label;     // "compare: run"
  int64_t total = 0;     // n: every planned item, skipped ones included
  int64_t finished = 0;  // items that ended with work (the ETA's pace)
  // Items that ended without work, by kind ("reused"), in the order the kinds first came.
  std::vector<std::pair<std::string, int64_t>> skipped;
  double elapsed_seconds = 0;
};

// The line above, for `state`.
std::string format_count_progress(const CountState& state);

enum class ItemLength { kShort, kLong };

class CountProgress {
 public:
  using Clock = std::function<double()>;  // seconds

  // `clock` defaults to steady_seconds().
  CountProgress(std::ostream& out, bool is_terminal, std::string label, int64_t total, ItemLength items,
                Clock clock = {}, double plain_interval_seconds = 30);
  // The destructor ends an open terminal line.
  CountProgress(const CountProgress&) = delete;
  CountProgress& operator=(const CountProgress&) = delete;

  // One item ended with work.
  void finish();
  // `count` items ended without work, of kind `kind` ("reused").
  void skip(const std::string& kind, int64_t count = 1);
  // Prints `text` as a line of its own; on a terminal the progress line is cleared first and redrawn after.
  void line(const std::string& text);
  // The counts so far and the elapsed time now.
  CountState state() const;

 private:
  void report(bool worked);

  StatusLine status_;
  Clock clock_;
  ItemLength items_;
  double plain_interval_seconds_;
  double start_;
  double last_print_ = 0;
  bool printed_ = false;
  CountState state_;
};

}  // namespace hypera::core
