#pragma once
// A fresh, uniquely named folder under the system temp directory for one test (or one fixture), removed
// with everything in it on destruction. Unique per process (pid) and per instance (an atomic counter
// shared by every translation unit), so tests of several suites and threads never share a folder.
// Construction throws std::filesystem::filesystem_error if the folder cannot be created; destruction never
// throws (a folder that cannot be removed is left behind). Not copyable.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace hypera::test {

class ScratchFolder {
 public:
  ScratchFolder() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("hypera_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);  // a leftover of an earlier process with the same pid
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace hypera::test
