#include "app/compare/stale_runs.h"

#include <map>
#include <sstream>

#include "support/file_text.h"
#include "support/input_error.h"

namespace hypera::app {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// "section.key" -> value, and the keys in file order.
std::map<std::string, std::string> ini_values(const std::string& text, std::vector<std::string>& order) {
  std::map<std::string, std::string> values;
  std::istringstream lines(text);
  std::string section;
  for (std::string line; std::getline(lines, line);) {
    line = trimmed(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = line.substr(1, line.size() - 2);
      continue;
    }
    const auto equals = line.find('=');
    const std::string key = section + "." + trimmed(line.substr(0, equals));
    if (!values.count(key)) order.push_back(key);
    values[key] = equals == std::string::npos ? "" : trimmed(line.substr(equals + 1));
  }
  return values;
}

// The first free "<folder>.stale-<n>".
std::filesystem::path stale_name(const std::filesystem::path& folder) {
  for (int n = 1;; ++n) {
    const std::filesystem::path candidate = folder.string() + ".stale-" + std::to_string(n);
    if (!std::filesystem::exists(candidate)) return candidate;
  }
}

}  // namespace

std::string first_differing_key(const std::string& planned, const std::string& stored) {
  std::vector<std::string> planned_order, stored_order;
  const auto want = ini_values(planned, planned_order);
  const auto have = ini_values(stored, stored_order);
  for (const auto& key : planned_order) {
    const auto found = have.find(key);
    if (found == have.end() || found->second != want.at(key)) return key;
  }
  for (const auto& key : stored_order) {
    if (!want.count(key)) return key;
  }
  return "";
}

std::vector<std::string> config_overrides(const PlannedRun& run) {
  std::vector<std::string> overrides;
  for (const auto& word : run.arguments) {
    const auto equals = word.find('=');
    if (word.rfind("--", 0) == 0 && equals != std::string::npos && word.substr(0, equals).find('.') != std::string::npos) {
      overrides.push_back(word);
    }
  }
  return overrides;
}

std::filesystem::path stored_config(const PlannedRun& run) {
  for (const auto& candidate : {run.folder / "config.ini", run.folder / "member_0" / "config.ini"}) {
    if (std::filesystem::is_regular_file(candidate)) return candidate;
  }
  return {};
}

std::vector<std::string> handle_stale_runs(const std::vector<PlannedRun>& plan,
                                           const std::function<std::string(const PlannedRun&)>& resolve, bool rerun) {
  std::vector<std::string> moved;
  for (const auto& run : plan) {
    const auto stored = stored_config(run);
    if (stored.empty()) continue;
    const std::string key = first_differing_key(resolve(run), support::read_file_text(stored));
    if (key.empty()) continue;
    if (!rerun) {
      throw InputError(run.folder.string() + ": holds a run whose configuration differs from this comparison's plan "
                       "(first at " + key + "); use --rerun-stale to run it again (the old folder is kept) or "
                       "another --out");
    }
    const auto aside = stale_name(run.folder);
    std::filesystem::rename(run.folder, aside);
    if (std::filesystem::exists(run.log)) std::filesystem::rename(run.log, aside.string() + ".log");
    moved.push_back(run.folder.string() + " differed at " + key + ": moved to " + aside.string());
  }
  return moved;
}

}  // namespace hypera::app
