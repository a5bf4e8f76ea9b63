#include "support/json_text.h"

#include <cmath>
#include <cstdio>

#include "support/number_text.h"

namespace hypera::support {
namespace {

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
  return text;
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string quoted = "\"";
  for (const unsigned char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += char(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      quoted += escaped;
    } else {
      quoted += char(c);
    }
  }
  return quoted + "\"";
}

std::string json_number(double value) { return std::isfinite(value) ? format_number(value) : "null"; }

std::string json_member(std::string_view key, std::string_view value) {
  return json_string(key) + ": " + std::string(value);
}

std::string json_object(const std::vector<std::string>& members) { return "{" + joined(members) + "}"; }

std::string json_array(const std::vector<std::string>& elements) { return "[" + joined(elements) + "]"; }

}  // namespace hypera::support
