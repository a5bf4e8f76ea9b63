#include "core/logging/status_line.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>

namespace hypera::core {

StatusLine::~StatusLine() { end(); }

void StatusLine::show(const std::string& text) {
  if (is_terminal_) {
    draw(text);
  } else {
    out_ << text << '\n' << std::flush;
  }
}

void StatusLine::end() {
  if (open_line_.empty()) return;
  out_ << '\n' << std::flush;
  open_line_.clear();
}

void StatusLine::line(const std::string& text) {
  if (open_line_.empty()) {
    out_ << text << '\n' << std::flush;
    return;
  }
  const std::string status = open_line_;
  draw(text);
  end();
  draw(status);
}

void StatusLine::draw(const std::string& text) {
  out_ << '\r' << text;
  if (open_line_.size() > text.size()) out_ << std::string(open_line_.size() - text.size(), ' ');
  out_ << std::flush;
  open_line_ = text;
}

bool rewritable_terminal(int fd) {
  static const char* const kLauncherVariables[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_ID"};
  const bool launched = std::any_of(std::begin(kLauncherVariables), std::end(kLauncherVariables),
                                    [](const char* name) { return std::getenv(name) != nullptr; });
  return !launched && isatty(fd) == 1;
}

}  // namespace hypera::core
