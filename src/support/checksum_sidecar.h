#pragma once
// A file's size and CRC-32C kept beside it in "<file>.crc32c": one line, the size in bytes (decimal) and the
// checksum (8 lowercase hex digits), e.g. "34816 1a2b3c4d". It lets a reader find damage (a truncated copy, a bad
// disk, stray writes) before a fragile parser reads the file; it does not protect against a crafted file whose
// sidecar was written to match. Thread-safe for different files; errors are one-line InputErrors naming the file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace hypera::support {

struct FileChecksum {
  uint64_t size = 0;
  uint32_t crc32c = 0;
};

// "<file>.crc32c".
std::filesystem::path checksum_sidecar_of(const std::filesystem::path& file);

// The sidecar's content for `checksum`: "<size> <crc32c as 8 lowercase hex digits>\n".
std::string checksum_sidecar_line(const FileChecksum& checksum);

// The size and CRC-32C of every byte of `file`, read in chunks of 1 MiB (constant memory). InputError
// "<file>: cannot be read" when it cannot be opened or read. Cost: one sequential pass over the file.
FileChecksum checksum_file(const std::filesystem::path& file);

// Writes the sidecar of `file` holding `checksum`, atomically and durably (write_file_atomically).
void write_checksum_sidecar(const std::filesystem::path& file, const FileChecksum& checksum);

// Removes the sidecar of `file`, if any, and flushes its folder, so that a crash afterwards finds none.
void remove_checksum_sidecar(const std::filesystem::path& file);

// The checksum recorded in the sidecar of `file`; nullopt when there is no sidecar. A sidecar that is not one
// "<size> <8 hex digits>" line throws InputError naming the sidecar.
std::optional<FileChecksum> read_checksum_sidecar(const std::filesystem::path& file);

}  // namespace hypera::support
