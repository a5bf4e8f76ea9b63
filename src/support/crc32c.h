#pragma once
// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF) and the
// masking that TFRecord files (TensorBoard event files) store instead of the raw checksum.
// Pure functions; thread-safe. Cost: table-driven slicing-by-8, about one table lookup per byte.
#include <cstddef>
#include <cstdint>

namespace hypera::support {

// Checksum of `size` bytes at `data`. crc32c("123456789") == 0xE3069283.
uint32_t crc32c(const void* data, std::size_t size);

// Continues a checksum: crc32c_extend(crc32c(a), b) == crc32c(a followed by b); crc32c_extend(0, x) == crc32c(x).
uint32_t crc32c_extend(uint32_t crc, const void* data, std::size_t size);

// TFRecord's mask: rotate right by 15 bits, add 0xa282ead8 (mod 2^32).
uint32_t mask_crc32c(uint32_t crc);

}  // namespace hypera::support
