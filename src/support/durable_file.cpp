#include "support/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include "support/input_error.h"

namespace hypera::support {
namespace fs = std::filesystem;

void fsync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw InputError(path.string() + ": cannot open for fsync (" + std::strerror(errno) + ")");
  const int result = ::fsync(fd);
  const int fsync_errno = errno;
  ::close(fd);
  if (result != 0) throw InputError(path.string() + ": fsync failed (" + std::strerror(fsync_errno) + ")");
}

void fsync_parent_folder(const fs::path& path) {
  const fs::path parent = path.parent_path();
  fsync_path(parent.empty() ? fs::path(".") : parent);
}

void write_file_atomically(const fs::path& path, const std::function<void(const fs::path& temporary)>& write) {
  fs::path temporary = path;
  temporary += ".tmp";
  std::error_code ignored;
  try {
    write(temporary);
    fsync_path(temporary);
  } catch (...) {
    fs::remove(temporary, ignored);
    throw;
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, ignored);
    throw InputError(path.string() + ": cannot rename the temporary file into place (" + error.message() + ")");
  }
  fsync_parent_folder(path);
}

void write_file_atomically(const fs::path& path, const std::string& text) {
  write_file_atomically(path, [&](const fs::path& temporary) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw InputError(temporary.string() + ": cannot write");
  });
}

}  // namespace hypera::support
