#include "core/logging/count_progress.h"

#include "core/logging/progress_display.h"

namespace hypera::core {
namespace {

int64_t skipped_items(const CountState& state) {
  int64_t count = 0;
  for (const auto& kind : state.skipped) count += kind.second;
  return count;
}

std::string eta_text(const CountState& state) {
  const int64_t left = state.total - state.finished - skipped_items(state);
  if (left <= 0) return format_duration(0);
  if (state.finished <= 0) return "?";
  return format_duration(state.elapsed_seconds / static_cast<double>(state.finished) * static_cast<double>(left));
}

}  // namespace

std::string format_count_progress(const CountState& state) {
  std::string text = state.label + " " + std::to_string(state.finished + skipped_items(state)) + "/" +
                     std::to_string(state.total) + " done";
  for (std::size_t i = 0; i < state.skipped.size(); ++i) {
    text += (i == 0 ? " (" : ", ") + std::to_string(state.skipped[i].second) + " " + state.skipped[i].first;
  }
  if (!state.skipped.empty()) text += ")";
  return text + "  elapsed " + format_duration(state.elapsed_seconds) + "  ETA " + eta_text(state);
}

CountProgress::CountProgress(std::ostream& out, bool is_terminal, std::string label, int64_t total, ItemLength items,
                             Clock clock, double plain_interval_seconds)
    : status_(out, is_terminal),
      clock_(clock ? std::move(clock) : Clock(steady_seconds)),
      items_(items),
      plain_interval_seconds_(plain_interval_seconds),
      start_(clock_()) {
  state_.label = std::move(label);
  state_.total = total;
  last_print_ = start_;
  if (is_terminal) status_.show(format_count_progress(state()));
}

void CountProgress::finish() {
  ++state_.finished;
  report(true);
}

void CountProgress::skip(const std::string& kind, int64_t count) {
  if (count <= 0) return;
  auto it = state_.skipped.begin();
  while (it != state_.skipped.end() && it->first != kind) ++it;
  if (it == state_.skipped.end()) {
    state_.skipped.emplace_back(kind, count);
  } else {
    it->second += count;
  }
  report(false);
}

void CountProgress::line(const std::string& text) { status_.line(text); }

CountState CountProgress::state() const {
  CountState now = state_;
  now.elapsed_seconds = clock_() - start_;
  return now;
}

// Prints the line when the policy of the header says so.
void CountProgress::report(bool worked) {
  const CountState now = state();
  const bool last = now.finished + skipped_items(now) >= now.total;
  const double since_print = now.elapsed_seconds + start_ - last_print_;
  bool print = last;
  if (status_.is_terminal()) {
    print = print || items_ == ItemLength::kLong || since_print >= kTerminalRedrawSeconds;
  } else {
    print = print || (worked && (items_ == ItemLength::kLong || !printed_ || since_print >= plain_interval_seconds_));
  }
  if (!print) return;
  last_print_ = now.elapsed_seconds + start_;
  printed_ = true;
  status_.show(format_count_progress(now));
  if (last) status_.end();
}

}  // namespace hypera::core
