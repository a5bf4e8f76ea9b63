#pragma once
// The few protocol-buffer wire-format encoders that TensorBoard event messages need, written by hand so that
// HYPERA needs no protobuf library. Each call appends one field (key + payload) to `out`.
// Wire types: 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit; fixed values are little-endian.
// Pure functions; thread-safe on distinct `out`. Cost: O(payload bytes).
#include <cstdint>
#include <string>
#include <string_view>

namespace hypera::core::protobuf {

void append_varint(std::string& out, uint64_t value);

// int64 field (wire type 0); negative values take ten bytes, as protobuf's int64 encodes them.
void append_int64_field(std::string& out, int field, int64_t value);
// double field (wire type 1).
void append_double_field(std::string& out, int field, double value);
// float field (wire type 5).
void append_float_field(std::string& out, int field, float value);
// string, bytes or embedded-message field (wire type 2): length varint, then the bytes.
void append_bytes_field(std::string& out, int field, std::string_view bytes);

}  // namespace hypera::core::protobuf
