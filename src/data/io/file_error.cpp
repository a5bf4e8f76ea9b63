#include "data/io/file_error.h"

#include "support/input_error.h"

namespace hypera::data {

void throw_file_error(const std::filesystem::path& file, const std::string& problem) {
  throw InputError(file.string() + ": " + problem);
}

void require_regular_file(const std::filesystem::path& file) {
  std::error_code error;
  const auto status = std::filesystem::status(file, error);
  if (!std::filesystem::exists(status)) throw_file_error(file, "no such file");
  if (std::filesystem::is_directory(status)) throw_file_error(file, "is a folder, expected a file");
}

}  // namespace hypera::data
