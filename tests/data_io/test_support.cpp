#include "test_support.h"

#include <atomic>
#include <fstream>
#include <random>

#include <unistd.h>

namespace hypera::data::test {

std::filesystem::path bbbc039_dir() { return std::filesystem::path(HYPERA_SOURCE_DIR) / ".." / "shared" / "data" / "bbbc039"; }

std::filesystem::path mricron_template(const std::string& name) {
  return std::filesystem::path("/usr/share/mricron/templates") / name;
}

std::filesystem::path pydicom_file(const std::string& name) {
  return std::filesystem::path("/usr/lib/python3/dist-packages/pydicom/data/test_files") / name;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("hypera_data_io_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
           std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<uint8_t> read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  EXPECT_TRUE(in.good()) << file;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const std::filesystem::path& file, const std::vector<uint8_t>& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  ASSERT_TRUE(out.good()) << file;
}

void copy_truncated(const std::filesystem::path& source, const std::filesystem::path& target, double fraction) {
  std::vector<uint8_t> bytes = read_bytes(source);
  ASSERT_GT(bytes.size(), 16u) << source;
  bytes.resize(size_t(double(bytes.size()) * fraction));
  write_bytes(target, bytes);
}

}  // namespace hypera::data::test
