#pragma once
// Numbers as text, the one rule every text output of HYPERA (CSV, JSON, replay files) writes them by.
#include <string>

namespace hypera::support {

// The shortest decimal text that reads back as exactly `value` ("0.1", "1e-07", "1234567"); "nan", "inf" and
// "-inf" for non-finite values. Thread-safe.
std::string format_number(double value);

}  // namespace hypera::support
