#include "core/logging/protobuf_wire.h"

#include <cstring>

#include "core/logging/little_endian.h"

namespace hypera::core::protobuf {
namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

void append_key(std::string& out, int field, WireType type) {
  append_varint(out, (static_cast<uint64_t>(field) << 3) | type);
}

}  // namespace

void append_varint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void append_int64_field(std::string& out, int field, int64_t value) {
  append_key(out, field, kVarint);
  append_varint(out, static_cast<uint64_t>(value));
}

void append_double_field(std::string& out, int field, double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  append_key(out, field, kFixed64);
  append_little_endian(out, bits, 8);
}

void append_float_field(std::string& out, int field, float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  append_key(out, field, kFixed32);
  append_little_endian(out, bits, 4);
}

void append_bytes_field(std::string& out, int field, std::string_view bytes) {
  append_key(out, field, kLengthDelimited);
  append_varint(out, bytes.size());
  out.append(bytes.data(), bytes.size());
}

}  // namespace hypera::core::protobuf
