#pragma once
// String endings, for file names and suffixes (C++17 has no std::string::ends_with). Thread-safe.
#include <string>

namespace hypera::support {

// True when `text` ends with `ending` (every text ends with "").
inline bool ends_with(const std::string& text, const std::string& ending) {
  return text.size() >= ending.size() && text.compare(text.size() - ending.size(), ending.size(), ending) == 0;
}

}  // namespace hypera::support
