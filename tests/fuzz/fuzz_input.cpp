#include "fuzz_input.h"

#include <unistd.h>

#include <cstring>
#include <fstream>
#include <stdexcept>

namespace hypera::fuzz {
namespace fs = std::filesystem;
namespace {

// The scratch folder, created on first use and removed (with the last input) when the process exits normally.
class ScratchFolder {
 public:
  ScratchFolder() : path_(fs::temp_directory_path() / ("hypera_fuzz_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);  // a leftover of a crashed process with the same pid
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const fs::path& scratch() {
  static const ScratchFolder folder;
  return folder.path();
}

}  // namespace

void write_file(const fs::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) throw std::runtime_error("fuzz harness: cannot write " + file.string());
}

fs::path input_file(const uint8_t* data, size_t size, const std::string& name) {
  const fs::path file = scratch() / name;
  write_file(file, std::string_view(reinterpret_cast<const char*>(data), size));
  return file;
}

std::vector<std::string_view> input_parts(const uint8_t* data, size_t size) {
  std::vector<std::string_view> parts;
  const char* rest = reinterpret_cast<const char*>(data);
  size_t left = size;
  // memmem, not std::search: libFuzzer intercepts memmem and learns the separator from it.
  while (const void* found = ::memmem(rest, left, kPartSeparator.data(), kPartSeparator.size())) {
    const size_t length = static_cast<size_t>(static_cast<const char*>(found) - rest);
    parts.emplace_back(rest, length);
    rest += length + kPartSeparator.size();
    left -= length + kPartSeparator.size();
  }
  parts.emplace_back(rest, left);
  return parts;
}

fs::path empty_folder(const std::string& name) {
  const fs::path folder = scratch() / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

}  // namespace hypera::fuzz
