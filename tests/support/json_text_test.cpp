#include "support/json_text.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace hypera::support {
namespace {

TEST(JsonString, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(json_string("C:\\data\\a.png"), "\"C:\\\\data\\\\a.png\"");
  EXPECT_EQ(json_string(""), "\"\"");
}

TEST(JsonString, WritesControlCharactersAsUnicodeEscapes) {
  EXPECT_EQ(json_string("a\nb"), "\"a\\u000ab\"");
  EXPECT_EQ(json_string("\t"), "\"\\u0009\"");
  EXPECT_EQ(json_string(std::string(1, '\0')), "\"\\u0000\"");
  EXPECT_EQ(json_string("\x1f"), "\"\\u001f\"");
  // 0x7f and UTF-8 bytes are not control characters below 0x20: kept as they are.
  EXPECT_EQ(json_string("\x7f"), "\"\x7f\"");
  EXPECT_EQ(json_string("Zürich"), "\"Zürich\"");
}

TEST(JsonNumber, ShortestExactTextAndNullForNonFinite) {
  EXPECT_EQ(json_number(0.1), "0.1");
  EXPECT_EQ(json_number(-2.5), "-2.5");
  EXPECT_EQ(json_number(1e-7), "1e-07");
  EXPECT_EQ(json_number(1234567), "1234567");
  EXPECT_EQ(json_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(json_number(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(json_number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json_number(-std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonObject, MembersOnOneLineWithEscapedKeys) {
  EXPECT_EQ(json_object({}), "{}");
  EXPECT_EQ(json_object({json_member("dice", json_number(0.5)), json_member("a\"b", json_string("x"))}),
            "{\"dice\": 0.5, \"a\\\"b\": \"x\"}");
  EXPECT_EQ(json_array({}), "[]");
  EXPECT_EQ(json_array({json_number(1), json_number(0.25), json_string("z")}), "[1, 0.25, \"z\"]");
}

}  // namespace
}  // namespace hypera::support
