#include "data/io/file_bytes.h"

#include <fstream>

#include "data/io/file_error.h"

namespace hypera::data {

std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path) {
  require_regular_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_file_error(path, "cannot be opened for reading");
  std::vector<uint8_t> bytes(std::filesystem::file_size(path));
  in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
  if (in.gcount() != std::streamsize(bytes.size())) throw_file_error(path, "cannot be read");
  return bytes;
}

}  // namespace hypera::data
