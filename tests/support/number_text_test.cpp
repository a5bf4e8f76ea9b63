#include "support/number_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace hypera::support {
namespace {

TEST(FormatNumber, ShortestTextThatReadsBackExactly) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1234567), "1234567");
  EXPECT_EQ(format_number(-2.5), "-2.5");
  EXPECT_EQ(format_number(1e-7), "1e-07");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(format_number(-std::numeric_limits<double>::infinity()), "-inf");
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10000; ++i) {
    double value;
    const uint64_t bits = rng();
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = format_number(value);
    ASSERT_EQ(std::strtod(text.c_str(), nullptr), value) << text;
    ASSERT_LE(text.size(), 24u) << text;
  }
}

TEST(ParseNumber, ReadsAWholeNumberOrNothing) {
  EXPECT_EQ(parse_number("0.1"), 0.1);
  EXPECT_EQ(parse_number("-3e-07"), -3e-07);
  EXPECT_EQ(parse_number(" +42\t"), 42.0);
  EXPECT_TRUE(std::isnan(*parse_number("nan")));
  EXPECT_EQ(parse_number("-inf"), -INFINITY);
  for (double value : {0.1, 1e-7, 1234567.0, -2.5e300}) EXPECT_EQ(parse_number(format_number(value)), value);
  for (const char* bad : {"", " ", "1.5x", "x1", "1 2", "+-1", "0x10z", "--1", "+"}) {
    EXPECT_FALSE(parse_number(bad).has_value()) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace hypera::support
