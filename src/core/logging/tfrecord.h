#pragma once
// TFRecord framing, the container of TensorBoard event files. One record is
//   uint64 length (little-endian) | uint32 masked crc32c(length bytes) | data | uint32 masked crc32c(data)
// with the crc values little-endian and masked by mask_crc32c (crc32c.h).
// Pure function; thread-safe on distinct `out`. Cost: O(data bytes), 16 bytes of framing per record.
#include <string>
#include <string_view>

namespace hypera::core {

void append_tfrecord(std::string& out, std::string_view data);

}  // namespace hypera::core
