#pragma once
// Manifests: small text files of "key value value ..." lines that say what a folder holds or what a run was
// asked for (the segmentation agents' and the hyperparameter agents' manifest.txt, meta-train's request.txt).
// The first line is "format <name>", the format's name and version. Written: the key, then each value after
// one space, "\n" after every line. Read: every line split at whitespace (so a value read back holds none),
// blank lines skipped. Thread-safe (no state).
#include <filesystem>
#include <iomanip>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace hypera::support {

struct ManifestEntry {
  std::string key;
  std::vector<std::string> values;
};

// "format <format>\n", then one line per entry.
std::string manifest_text(const std::string& format, const std::vector<ManifestEntry>& entries);

// The entries after the format line, in file order. Throws hypera::InputError naming the file when it cannot be
// read ("missing or unreadable manifest") or its first line is not "format <format>".
std::vector<ManifestEntry> read_manifest(const std::filesystem::path& file, const std::string& format);

// A value as text: numbers with 17 significant digits (a double reads back exactly), words as they are.
template <class T>
std::string manifest_value(const T& value) {
  std::ostringstream text;
  text << std::setprecision(17) << value;
  return text.str();
}

// `text` read as one T through operator>> (a number, or a word for std::string); nullopt when it is not
// exactly one T.
template <class T>
std::optional<T> parse_manifest_value(const std::string& text) {
  std::istringstream fields(text);
  T value{};
  if (!(fields >> value) || !(fields >> std::ws).eof()) return std::nullopt;
  return value;
}

}  // namespace hypera::support
