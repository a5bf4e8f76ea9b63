#pragma once
// Splits "a,b,,c" into {"a", "b", "", "c"} at every `separator` (no quoting: config lists and the numeric
// rows of metrics.csv). An empty text gives no fields.
#include <sstream>
#include <string>
#include <vector>

namespace hypera::core {

inline std::vector<std::string> split_fields(const std::string& text, char separator = ',') {
  std::vector<std::string> fields;
  std::stringstream stream(text);
  std::string field;
  while (std::getline(stream, field, separator)) fields.push_back(field);
  return fields;
}

}  // namespace hypera::core
