#include "support/checksum_sidecar.h"

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "support/crc32c.h"
#include "support/durable_file.h"
#include "support/input_error.h"

namespace hypera::support {
namespace fs = std::filesystem;

namespace {

// The longest well-formed sidecar: 20 decimal digits, a space, 8 hex digits and a newline.
constexpr std::streamsize kMaxSidecarBytes = 30;

}  // namespace

std::string checksum_sidecar_line(const FileChecksum& checksum) {
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x", static_cast<unsigned>(checksum.crc32c));
  return std::to_string(checksum.size) + " " + crc + "\n";
}

fs::path checksum_sidecar_of(const fs::path& file) { return fs::path(file.string() + ".crc32c"); }

FileChecksum checksum_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot be read");
  std::vector<char> chunk(std::size_t(1) << 20);
  FileChecksum checksum;
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    checksum.crc32c = crc32c_extend(checksum.crc32c, chunk.data(), got);
    checksum.size += got;
  }
  if (in.bad()) throw InputError(file.string() + ": cannot be read");
  return checksum;
}

void write_checksum_sidecar(const fs::path& file, const FileChecksum& checksum) {
  write_file_atomically(checksum_sidecar_of(file), checksum_sidecar_line(checksum));
}

void remove_checksum_sidecar(const fs::path& file) {
  const fs::path sidecar = checksum_sidecar_of(file);
  std::error_code error;
  if (!fs::remove(sidecar, error) && error) {
    throw InputError(sidecar.string() + ": cannot be removed (" + error.message() + ")");
  }
  fsync_parent_folder(sidecar);
}

std::optional<FileChecksum> read_checksum_sidecar(const fs::path& file) {
  const fs::path sidecar = checksum_sidecar_of(file);
  std::ifstream in(sidecar, std::ios::binary);
  if (!in) {
    if (!fs::exists(sidecar)) return std::nullopt;
    throw InputError(sidecar.string() + ": cannot be read");
  }
  std::string text(kMaxSidecarBytes + 1, '\0');
  in.read(text.data(), kMaxSidecarBytes + 1);
  text.resize(static_cast<std::size_t>(in.gcount()));
  static const std::regex line("([0-9]{1,20}) ([0-9a-f]{8})\n?");
  std::smatch parts;
  if (!std::regex_match(text, parts, line)) {
    throw InputError(sidecar.string() + ": not a checksum line ('<size> <CRC-32C as 8 hex digits>')");
  }
  FileChecksum checksum;
  try {
    checksum.size = std::stoull(parts[1].str());
  } catch (const std::out_of_range&) {
    throw InputError(sidecar.string() + ": size " + parts[1].str() + " is out of range");
  }
  checksum.crc32c = static_cast<uint32_t>(std::stoul(parts[2].str(), nullptr, 16));
  return checksum;
}

}  // namespace hypera::support
