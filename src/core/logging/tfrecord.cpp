#include "core/logging/tfrecord.h"

#include <cstdint>

#include "support/crc32c.h"
#include "core/logging/little_endian.h"

namespace hypera::core {
void append_tfrecord(std::string& out, std::string_view data) {
  const std::size_t header_start = out.size();
  append_little_endian(out, data.size(), 8);
  append_little_endian(out, support::mask_crc32c(support::crc32c(out.data() + header_start, 8)), 4);
  out.append(data.data(), data.size());
  append_little_endian(out, support::mask_crc32c(support::crc32c(data.data(), data.size())), 4);
}

}  // namespace hypera::core
