#pragma once
// Helpers shared by the readers and writers of src/data/io: every error they raise is a one-line
// hypera::InputError that starts with the file's path.
#include <filesystem>
#include <string>

namespace hypera::data {

// Throws InputError("<file>: <problem>").
[[noreturn]] void throw_file_error(const std::filesystem::path& file, const std::string& problem);

// Throws InputError when `file` does not exist ("no such file") or is a folder. Cost: one stat.
void require_regular_file(const std::filesystem::path& file);

}  // namespace hypera::data
