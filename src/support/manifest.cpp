#include "support/manifest.h"

#include <fstream>

#include "support/input_error.h"

namespace hypera::support {

std::string manifest_text(const std::string& format, const std::vector<ManifestEntry>& entries) {
  std::string text = "format " + format + "\n";
  for (const ManifestEntry& entry : entries) {
    text += entry.key;
    for (const std::string& value : entry.values) text += " " + value;
    text += "\n";
  }
  return text;
}

std::vector<ManifestEntry> read_manifest(const std::filesystem::path& file, const std::string& format) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": missing or unreadable manifest");
  std::vector<ManifestEntry> entries;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    ManifestEntry entry;
    if (!(fields >> entry.key)) continue;
    for (std::string value; fields >> value;) entry.values.push_back(value);
    entries.push_back(std::move(entry));
  }
  if (entries.empty() || entries.front().key != "format" || entries.front().values != std::vector{format}) {
    throw InputError(file.string() + ": not a manifest of format " + format + " (the first line is not 'format " +
                     format + "')");
  }
  entries.erase(entries.begin());
  return entries;
}

}  // namespace hypera::support
