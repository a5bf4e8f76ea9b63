#include "data/io/atomic_write.h"

#include "data/io/file_error.h"

namespace hypera::data {

void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& tmp)>& write) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  std::error_code ignored;
  try {
    write(tmp);
  } catch (...) {
    std::filesystem::remove(tmp, ignored);
    throw;
  }
  std::error_code error;
  std::filesystem::rename(tmp, path, error);
  if (error) {
    std::filesystem::remove(tmp, ignored);
    throw_file_error(path, "cannot rename the temporary file into place (" + error.message() + ")");
  }
}

}  // namespace hypera::data
