#pragma once
// The whole content of a file as bytes, for the formats that are parsed from memory (.npy, .npz).
#include <cstdint>
#include <filesystem>
#include <vector>

namespace hypera::data {

// Reads every byte of `path`. Missing, a folder or unreadable -> InputError naming the file.
// Cost: one read of the file; memory = its size. Thread-safe.
std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path);

}  // namespace hypera::data
