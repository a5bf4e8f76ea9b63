#pragma once
// A JSON writer in pieces: each function returns valid JSON text for one value or member, and the caller lays
// out lines and indentation (summary.json, meta.json, eval's report). Thread-safe (no state).
#include <string>
#include <string_view>
#include <vector>

namespace hypera::support {

// `text` as a JSON string: in double quotes; '"' and '\' preceded by a backslash; every control character
// below 0x20 (newline and tab included) as \u00xx with lower-case hex digits; all other bytes (UTF-8
// included) as they are.
std::string json_string(std::string_view text);

// `value` as a JSON number: format_number's text (the shortest that reads back exactly, "0.1", "1e-07") for
// finite values, null for NaN and the infinities (JSON has neither).
std::string json_number(double value);

// One member of an object, "key": value, with `key` escaped as json_string does; `value` is JSON text already
// (from json_string, json_number, json_object, json_array).
std::string json_member(std::string_view key, std::string_view value);

// {m1, m2, ...}: the members (from json_member) on one line, joined by ", "; "{}" for none.
std::string json_object(const std::vector<std::string>& members);

// [e1, e2, ...]: the elements (JSON text) on one line, joined by ", "; "[]" for none.
std::string json_array(const std::vector<std::string>& elements);

}  // namespace hypera::support
