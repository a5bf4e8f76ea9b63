#pragma once
// Reads the summary.json that `train` writes (RunLogger::write_summary): one JSON object of sections, each an
// object of numbers, e.g. {"best": {"dice": 0.81, "epoch": 7}, "test": {"dice": 0.79, "hd95": null}}.
// Only this flat two-level form is accepted; null reads as NaN. Thread-safe; cost linear in the file size.
#include <filesystem>
#include <map>
#include <string>

namespace hypera::app {

using SummarySections = std::map<std::string, std::map<std::string, double>>;

// Parses `text`. Throws hypera::InputError "<source>: <what is wrong> at offset N" for anything else than the
// form above (nested deeper, strings or booleans as values, trailing text, a repeated key).
SummarySections parse_summary(const std::string& text, const std::string& source);

// Reads and parses `file`; throws hypera::InputError naming it when it cannot be read or parsed.
SummarySections read_summary(const std::filesystem::path& file);

// sections[section][key], or NaN when either is missing.
double summary_value(const SummarySections& sections, const std::string& section, const std::string& key);

}  // namespace hypera::app
