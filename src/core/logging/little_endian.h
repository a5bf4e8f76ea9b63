#pragma once
// Appends the low `bytes` bytes of `value` to `out`, least significant first. Shared by the protobuf and
// TFRecord encoders. Thread-safe on distinct `out`; O(bytes).
#include <cstdint>
#include <string>

namespace hypera::core {

inline void append_little_endian(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace hypera::core
