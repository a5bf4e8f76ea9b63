#include "app/meta/request_file.h"

#include <sstream>

#include "support/file_text.h"
#include "support/input_error.h"
#include "support/durable_file.h"
#include "support/manifest.h"

namespace hypera::app {
namespace {

// Line `index` of `text`, or "(nothing)" past its end.
std::string line_at(const std::string& text, std::size_t index) {
  std::istringstream lines(text);
  std::string line;
  for (std::size_t i = 0; std::getline(lines, line); ++i) {
    if (i == index) return "'" + line + "'";
  }
  return "(nothing)";
}

std::size_t first_different_line(const std::string& a, const std::string& b) {
  std::istringstream left(a), right(b);
  std::string x, y;
  std::size_t index = 0;
  while (true) {
    const bool more_left = bool(std::getline(left, x)), more_right = bool(std::getline(right, y));
    if (!more_left || !more_right || x != y) return index;
    ++index;
  }
}

}  // namespace

std::string request_text(const MetaRequest& request) {
  std::vector<support::ManifestEntry> entries;
  for (const auto& config : request.configs) {
    entries.push_back({"config", {std::filesystem::absolute(config).lexically_normal().string()}});
  }
  entries.push_back({"seeds", {support::manifest_value(request.seeds)}});
  entries.push_back({"seed_base", {support::manifest_value(request.seed_base)}});
  for (const auto& word : request.overrides) entries.push_back({"override", {word}});
  return support::manifest_text("hypera-meta-train-1", entries);
}

void claim_meta_folder(const std::filesystem::path& folder, const std::string& text) {
  const auto file = folder / "request.txt";
  if (!std::filesystem::exists(file)) {
    std::filesystem::create_directories(folder);
    support::write_file_atomically(file, text);
    return;
  }
  const std::string stored = support::read_file_text(file);
  if (stored == text) return;
  const std::size_t line = first_different_line(stored, text);
  throw InputError(file.string() + ": this folder holds another meta-training (line " + std::to_string(line + 1) +
                   " is " + line_at(stored, line) + ", this call's is " + line_at(text, line) +
                   "); use another --out or the same arguments");
}

}  // namespace hypera::app
