#pragma once
// A whole file's bytes as a string, the one reader of small text files (summary.json, state files, CSV).
// Thread-safe.
#include <filesystem>
#include <string>

namespace hypera::support {

// Every byte of `file`. InputError "<file>: cannot be read" when it cannot be opened.
std::string read_file_text(const std::filesystem::path& file);

}  // namespace hypera::support
