#pragma once
// Whole-file helpers for tests that read back or damage files. Failures are reported as GoogleTest failures
// of the calling test (the readers: EXPECT, the writers: ASSERT, which ends the helper, not the test).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace hypera::test {

// All of `file` as one string, byte for byte (no newline translation); empty (and a test failure) if it
// cannot be opened.
inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  EXPECT_TRUE(in.good()) << file;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// All bytes of `file`; empty (and a test failure) if it cannot be opened.
inline std::vector<uint8_t> read_bytes(const std::filesystem::path& file) {
  const std::string text = read_text(file);
  return std::vector<uint8_t>(text.begin(), text.end());
}

// Replaces `file`'s content with `bytes`.
inline void write_bytes(const std::filesystem::path& file, const std::vector<uint8_t>& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  ASSERT_TRUE(out.good()) << file;
}

// Writes the first `fraction` (0..1) of `source`'s bytes to `target`; `target` may be `source`.
inline void copy_truncated(const std::filesystem::path& source, const std::filesystem::path& target, double fraction) {
  std::vector<uint8_t> bytes = read_bytes(source);
  ASSERT_GT(bytes.size(), 16u) << source;
  bytes.resize(std::size_t(double(bytes.size()) * fraction));
  write_bytes(target, bytes);
}

}  // namespace hypera::test
