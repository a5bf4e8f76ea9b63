#pragma once
// The time-limit contract's signals (jobs/slurm/train.sh): a batch system warns a job before its limit with
// SIGUSR1 (Slurm's --signal) or ends it with SIGTERM. After install_stop_signals(), the first SIGUSR1 or
// SIGTERM only records itself (a StopRequest then answers true), so the trainer can finish its step,
// write a checkpoint and exit with kExitStoppedBySignal; a second one of either ends the process at once with
// that signal's default action. Process-wide; the handler is async-signal-safe and any thread may receive it.
#include <chrono>
#include <csignal>
#include <filesystem>

namespace hypera::support {

// EX_TEMPFAIL: "stopped early, run again" (the batch script requeues on it).
constexpr int kExitStoppedBySignal = 75;

// Installs the handler for SIGUSR1 and SIGTERM (idempotent). std::runtime_error when sigaction fails.
void install_stop_signals();
// Whether the process should stop: a stop signal was received, or `stop_file` (when not empty) exists. The file
// is a batch script's second channel (jobs/slurm/train.sh's HYPERA_STOP_FILE) for a warning that came while the
// launcher or the process was still starting, before anyone could take the signal. The file is looked at most
// once per second (a stat on a shared file system). One object per thread that asks.
class StopRequest {
 public:
  explicit StopRequest(std::filesystem::path stop_file) : stop_file_(std::move(stop_file)) {}
  bool operator()();

 private:
  std::filesystem::path stop_file_;
  std::chrono::steady_clock::time_point next_look_{};
  bool file_seen_ = false;
};

}  // namespace hypera::support
