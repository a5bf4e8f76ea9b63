#include "core/logging/progress_display.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace hypera::core {
namespace {

std::string format_loss(double loss) {
  char text[32];
  const double magnitude = std::fabs(loss);
  const bool fixed = magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e4) || !std::isfinite(loss);
  std::snprintf(text, sizeof text, fixed ? "%.4f" : "%.4g", loss);
  return text;
}

}  // namespace

double steady_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string format_duration(double seconds) {
  const int64_t s = std::llround(std::max(0.0, seconds));
  char text[48];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%lldh%02lldm", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  } else if (s >= 60) {
    std::snprintf(text, sizeof text, "%lldm%02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(text, sizeof text, "%llds", static_cast<long long>(s));
  }
  return text;
}

std::string format_progress(const ProgressState& s) {
  const int64_t done = (s.epoch - 1) * s.steps_per_epoch + s.step;
  const int64_t total = s.epochs * s.steps_per_epoch;
  const std::string eta = done > 0 ? format_duration(s.elapsed_seconds / done * (total - done)) : "?";
  char text[256];
  std::snprintf(text, sizeof text, "epoch %lld/%lld  step %lld/%lld  loss %s  %.1f img/s  ETA %s",
                static_cast<long long>(s.epoch), static_cast<long long>(s.epochs), static_cast<long long>(s.step),
                static_cast<long long>(s.steps_per_epoch), format_loss(s.loss).c_str(), s.images_per_second,
                eta.c_str());
  return text;
}

ProgressDisplay::ProgressDisplay(std::ostream& out, bool is_terminal, Clock clock, double plain_interval_seconds)
    : status_(out, is_terminal),
      clock_(clock ? std::move(clock) : Clock(steady_seconds)),
      min_interval_seconds_(is_terminal ? kTerminalRedrawSeconds : plain_interval_seconds) {}

void ProgressDisplay::update(const ProgressState& state) {
  const double now = clock_();
  const bool epoch_end = state.step >= state.steps_per_epoch;
  if (!epoch_end && printed_ && now - last_print_ < min_interval_seconds_) return;
  last_print_ = now;
  printed_ = true;
  status_.show(format_progress(state));
  if (epoch_end) status_.end();
}

void ProgressDisplay::line(const std::string& text) { status_.line(text); }

}  // namespace hypera::core
