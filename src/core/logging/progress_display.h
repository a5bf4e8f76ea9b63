#pragma once
// The console progress line of training:
//   "epoch 3/20  step 45/120  loss 0.4321  12.3 img/s  ETA 4m12s"
// On a terminal the line is rewritten in place ('\r', padded with spaces over a longer previous line) at most
// every 0.25 s, and always at the last step of an epoch, after which the line is ended so each epoch leaves one
// line in the scrollback. Not on a terminal (a log file, Slurm output) it prints full lines, at most one per
// `plain_interval_seconds`, and always at the last step of an epoch.
// The line itself is a StatusLine (status_line.h). The clock is injected (seconds, any origin, non-decreasing) so
// that tests need no sleeping.
// Thread safety: none; call from the training thread only. Cost: one snprintf per printed update; an update
// that the rate limit skips costs a clock read.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "core/logging/status_line.h"

namespace hypera::core {

// A duration as the progress lines print it: "9s", "4m12s", "2h03m" (rounded to whole seconds; negative as 0s).
std::string format_duration(double seconds);

// Seconds of std::chrono::steady_clock (any origin): the default clock of the progress displays.
double steady_seconds();

struct ProgressState {
  int64_t epoch = 1;            // 1-based, current epoch
  int64_t epochs = 1;           // total epochs
  int64_t step = 0;             // steps finished in this epoch, 0..steps_per_epoch
  int64_t steps_per_epoch = 1;  // > 0
  double loss = 0;              // latest (or running mean) training loss
  double images_per_second = 0;
  double elapsed_seconds = 0;  // since training began; the ETA assumes the same pace for the remaining steps
};

// "epoch 3/20  step 45/120  loss 0.4321  12.3 img/s  ETA 4m12s". The ETA reads "ETA ?" before any step.
std::string format_progress(const ProgressState& state);

class ProgressDisplay {
 public:
  using Clock = std::function<double()>;  // seconds

  // `clock` defaults to std::chrono::steady_clock.
  ProgressDisplay(std::ostream& out, bool is_terminal, Clock clock = {}, double plain_interval_seconds = 30);
  // The destructor ends an open terminal line.
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  void update(const ProgressState& state);

  // Prints `text` as a line of its own; on a terminal the progress line is cleared first and redrawn after.
  void line(const std::string& text);

 private:
  StatusLine status_;
  Clock clock_;
  double min_interval_seconds_;
  double last_print_ = 0;
  bool printed_ = false;
};

}  // namespace hypera::core
