#pragma once
// Bit-at-a-time CRC-32C straight from the definition (reflected polynomial 0x82F63B78): an oracle for the
// table-driven implementation and the checksum used by the test-only event-file reader. Slow (8 steps a byte).
#include <cstddef>
#include <cstdint>

namespace hypera::test {

inline uint32_t reference_crc32c(const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= p[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
  }
  return ~crc;
}

}  // namespace hypera::test
