#include "app/meta/agents_manifest.h"

#include <fstream>
#include <sstream>
#include <string>

#include "data/io/input_error.h"

namespace hypera::app {

int completed_runs(const std::filesystem::path& folder) {
  const auto file = folder / "manifest.txt";
  if (!std::filesystem::exists(file)) return 0;
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot be read");
  std::string line, format;
  if (!std::getline(in, format) || format != "format hypera-hyperparameter-agents-1") {
    throw InputError(file.string() + ": not a hyperparameter-agents manifest (first line '" + format + "')");
  }
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, rest;
    long long runs = -1;
    if (!(words >> key) || key != "runs") continue;
    if (!(words >> runs) || runs < 0 || runs > 1000000000 || (words >> rest)) {
      throw InputError(file.string() + ": bad line '" + line + "' (wanted 'runs K', K a whole number >= 0)");
    }
    return int(runs);
  }
  throw InputError(file.string() + ": no 'runs K' line (was the folder written by train --agents-state?)");
}

}  // namespace hypera::app
