#pragma once
// A TensorBoard event-file reader for tests only, written apart from the writer: it checks the length CRC and
// the data CRC of every TFRecord (bitwise CRC-32C, TFRecord's mask) and decodes tensorflow.Event messages with a
// generic protobuf wire parser that skips unknown fields.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hypera::test {

struct DecodedEvent {
  double wall_time = 0;
  int64_t step = 0;
  std::string file_version;                           // set on the first event only
  std::vector<std::pair<std::string, float>> values;  // summary values: tag, simple_value
};

// Throws std::runtime_error("<file>: record N: ...") on a CRC mismatch, a truncated record or a malformed
// message.
std::vector<DecodedEvent> read_event_file(const std::filesystem::path& file);

}  // namespace hypera::test
