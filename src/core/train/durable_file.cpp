#include "core/train/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "data/io/atomic_write.h"
#include "data/io/input_error.h"

namespace hypera::core {

void fsync_path(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw InputError(path.string() + ": cannot open for fsync");
  const int result = ::fsync(fd);
  ::close(fd);
  if (result != 0) throw InputError(path.string() + ": fsync failed");
}

void write_file_atomically(const std::filesystem::path& path, const std::string& text) {
  data::write_atomically(path, [&](const std::filesystem::path& temporary) {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) throw InputError(temporary.string() + ": cannot write");
    }
    fsync_path(temporary);
  });
}

}  // namespace hypera::core
