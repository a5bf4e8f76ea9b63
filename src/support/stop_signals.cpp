#include "support/stop_signals.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace hypera::support {
namespace {

volatile std::sig_atomic_t received = 0;

void on_stop_signal(int signal_number) {
  if (received != 0) {  // the second signal: its default action, now
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
    return;
  }
  received = signal_number;
}

}  // namespace

void install_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // a blocking read or wait carries on; the trainer looks at the flag between steps
  for (int signal_number : {SIGUSR1, SIGTERM}) {
    if (sigaction(signal_number, &action, nullptr) != 0) {
      throw std::runtime_error("sigaction(" + std::to_string(signal_number) + "): " + std::strerror(errno));
    }
  }
}

bool StopRequest::operator()() {
  if (received != 0 || file_seen_) return true;
  if (stop_file_.empty()) return false;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_look_) return false;
  next_look_ = now + std::chrono::seconds(1);
  std::error_code ignored;  // an unreadable folder counts as no file
  file_seen_ = std::filesystem::exists(stop_file_, ignored);
  return file_seen_;
}

}  // namespace hypera::support
