#pragma once
// The one status line at the bottom of a console, shared by ProgressDisplay (training) and CountProgress (item k
// of n). On a terminal show() rewrites the line in place ('\r', padded with spaces over a longer previous text)
// and leaves it open; end() ends it so that it stays in the scrollback; line() prints a line of its own above it
// (the status is overwritten, the line ended, the status drawn again). Not on a terminal (a log file, Slurm
// output) show() and line() each print one full line, and end() does nothing. Every call flushes.
// Thread safety: none; one thread writes. Cost: the text written.
#include <ostream>
#include <string>

namespace hypera::core {

// The least time between two redraws of a status line on a terminal that its users keep (a rate, not a rule of
// StatusLine): four a second read as live without costing the work any time.
constexpr double kTerminalRedrawSeconds = 0.25;

class StatusLine {
 public:
  StatusLine(std::ostream& out, bool is_terminal) : out_(out), is_terminal_(is_terminal) {}
  ~StatusLine();  // ends an open terminal line
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  bool is_terminal() const { return is_terminal_; }
  void show(const std::string& text);
  void end();
  void line(const std::string& text);

 private:
  void draw(const std::string& text);

  std::ostream& out_;
  bool is_terminal_;
  std::string open_line_;  // the status text currently shown on the terminal line, "" when none
};

// Whether the process's file descriptor `fd` (STDOUT_FILENO, STDERR_FILENO) is a terminal that a status line may
// rewrite: a terminal, and the process not started by a launcher (mpirun, srun), whose ranks write to a
// pseudo-terminal even when the launcher's own output goes to a file (a Slurm job's log).
bool rewritable_terminal(int fd);

}  // namespace hypera::core
