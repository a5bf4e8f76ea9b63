#pragma once
// The time-limit contract's signals (jobs/slurm/train.sh): a batch system warns a job before its limit with
// SIGUSR1 (Slurm's --signal) or ends it with SIGTERM. After install_stop_signals(), the first SIGUSR1 or
// SIGTERM only records itself (stop_signal_received() returns its number), so the trainer can finish its step,
// write a checkpoint and exit with kExitStoppedBySignal; a second one of either ends the process at once with
// that signal's default action. Process-wide; the handler is async-signal-safe and any thread may receive it.
#include <csignal>

namespace hypera::support {

// EX_TEMPFAIL: "stopped early, run again" (the batch script requeues on it).
constexpr int kExitStoppedBySignal = 75;

// Installs the handler for SIGUSR1 and SIGTERM (idempotent). std::runtime_error when sigaction fails.
void install_stop_signals();
// 0 until the first SIGUSR1 or SIGTERM after install_stop_signals(), then that signal's number.
int stop_signal_received();

}  // namespace hypera::support
