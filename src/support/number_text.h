#pragma once
// Numbers as text, the one rule every text output of HYPERA (CSV, JSON, replay files) writes them by.
#include <optional>
#include <string>

namespace hypera::support {

// The shortest decimal text that reads back as exactly `value` ("0.1", "1e-07", "1234567"); "nan", "inf" and
// "-inf" for non-finite values. Thread-safe.
std::string format_number(double value);

// `text` read as one number, all of it but surrounding spaces and tabs: decimal or exponent notation with an
// optional sign, "nan", "inf", "-inf" (what format_number writes); std::nullopt for anything else, including ""
// and trailing characters. Locale-independent; thread-safe.
std::optional<double> parse_number(const std::string& text);

}  // namespace hypera::support
