#include "tfevents_reader.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>

#include "common/reference_crc32c.h"

namespace hypera::test {
namespace {

uint64_t read_le(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

uint32_t masked(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }

// Walks the fields of one protobuf message.
class WireReader {
 public:
  explicit WireReader(std::string_view bytes) : bytes_(bytes) {}
  bool done() const { return pos_ == bytes_.size(); }

  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      value |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return value;
    }
    throw std::runtime_error("varint longer than ten bytes");
  }
  uint64_t fixed(int bytes) {
    need(bytes);
    const uint64_t v = read_le(bytes_.data() + pos_, bytes);
    pos_ += bytes;
    return v;
  }
  std::string_view length_delimited() {
    const uint64_t n = varint();
    need(n);
    const std::string_view s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void skip(int wire_type) {
    switch (wire_type) {
      case 0:
        varint();
        break;
      case 1:
        fixed(8);
        break;
      case 2:
        length_delimited();
        break;
      case 5:
        fixed(4);
        break;
      default:
        throw std::runtime_error("unsupported wire type " + std::to_string(wire_type));
    }
  }

 private:
  void need(uint64_t n) const {
    if (n > bytes_.size() - pos_) throw std::runtime_error("message truncated");
  }
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

std::pair<std::string, float> decode_value(std::string_view bytes) {
  std::pair<std::string, float> value{"", 0.0f};
  for (WireReader r(bytes); !r.done();) {
    const uint64_t key = r.varint();
    if (key == (1 << 3 | 2)) {
      value.first = std::string(r.length_delimited());
    } else if (key == (2 << 3 | 5)) {
      const auto bits = static_cast<uint32_t>(r.fixed(4));
      std::memcpy(&value.second, &bits, 4);
    } else {
      r.skip(key & 7);
    }
  }
  return value;
}

DecodedEvent decode_event(std::string_view bytes) {
  DecodedEvent event;
  for (WireReader r(bytes); !r.done();) {
    const uint64_t key = r.varint();
    if (key == (1 << 3 | 1)) {
      const uint64_t bits = r.fixed(8);
      std::memcpy(&event.wall_time, &bits, 8);
    } else if (key == (2 << 3 | 0)) {
      event.step = static_cast<int64_t>(r.varint());
    } else if (key == (3 << 3 | 2)) {
      event.file_version = std::string(r.length_delimited());
    } else if (key == (5 << 3 | 2)) {
      for (WireReader summary(r.length_delimited()); !summary.done();) {
        const uint64_t summary_key = summary.varint();
        if (summary_key == (1 << 3 | 2)) {
          event.values.push_back(decode_value(summary.length_delimited()));
        } else {
          summary.skip(summary_key & 7);
        }
      }
    } else {
      r.skip(key & 7);
    }
  }
  return event;
}

}  // namespace

std::vector<DecodedEvent> read_event_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot open");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<DecodedEvent> events;
  std::size_t pos = 0;
  for (int record = 0; pos < bytes.size(); ++record) {
    const std::string where = file.string() + ": record " + std::to_string(record) + ": ";
    if (bytes.size() - pos < 12) throw std::runtime_error(where + "truncated header");
    const char* header = bytes.data() + pos;
    if (masked(reference_crc32c(header, 8)) != read_le(header + 8, 4)) {
      throw std::runtime_error(where + "length crc mismatch");
    }
    const uint64_t length = read_le(header, 8);
    if (length > bytes.size() - pos - 12 || bytes.size() - pos - 12 - length < 4) {
      throw std::runtime_error(where + "truncated data");
    }
    const char* data = header + 12;
    if (masked(reference_crc32c(data, length)) != read_le(data + length, 4)) {
      throw std::runtime_error(where + "data crc mismatch");
    }
    try {
      events.push_back(decode_event(std::string_view(data, length)));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(where + e.what());
    }
    pos += 12 + length + 4;
  }
  return events;
}

}  // namespace hypera::test
