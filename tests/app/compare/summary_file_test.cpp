#include "app/compare/summary_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "core/train/run_logger.h"
#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

TEST(SummaryFile, ReadsWhatRunLoggerWrites) {
  test::ScratchFolder dir;
  const SummarySections written = {
      {"best", {{"epoch", 7}, {"object_f1", 0.8123456789012345}}},
      {"test", {{"dice", 0.79}, {"f1@0.50", 0.5}, {"hd95", std::numeric_limits<double>::quiet_NaN()}, {"n", -3e-7}}},
      {"timing", {{"total_seconds", 1234.5}}},
      {"agents", {}},
  };
  core::RunLogger(dir.path(), 0).write_summary(written);
  const SummarySections read = read_summary(dir / "summary.json");
  ASSERT_EQ(read.size(), written.size());
  for (const auto& [section, values] : written) {
    ASSERT_EQ(read.at(section).size(), values.size()) << section;
    for (const auto& [key, value] : values) {
      const double back = read.at(section).at(key);
      if (std::isnan(value)) {
        EXPECT_TRUE(std::isnan(back)) << section << "." << key;
      } else {
        EXPECT_EQ(back, value) << section << "." << key;  // the shortest exact text reads back exactly
      }
    }
  }
  EXPECT_EQ(summary_value(read, "best", "object_f1"), 0.8123456789012345);
  EXPECT_TRUE(std::isnan(summary_value(read, "best", "dice")));
  EXPECT_TRUE(std::isnan(summary_value(read, "nothing", "dice")));
}

TEST(SummaryFile, AcceptsWhitespaceAndEscapedNames) {
  const auto read = parse_summary(" {\n \"a\\\"b\" : { \"x\" : -1.5e2 , \"y\":0 } , \"c\":{} }\n", "s.json");
  EXPECT_EQ(read.at("a\"b").at("x"), -150.0);
  EXPECT_EQ(read.at("a\"b").at("y"), 0.0);
  EXPECT_TRUE(read.at("c").empty());
}

TEST(SummaryFile, RejectsAnythingElseNamingTheSource) {
  for (const char* text :
       {"", "[]", "{\"a\": 1}", "{\"a\": {\"b\": {\"c\": 1}}}", "{\"a\": {\"b\": \"x\"}}", "{\"a\": {\"b\": true}}",
        "{\"a\": {\"b\": nan}}", "{\"a\": {\"b\": 0x10}}", "{\"a\": {\"b\": 1,}}", "{\"a\": {\"b\": 1}} x",
        "{\"a\": {\"b\": 1, \"b\": 2}}", "{\"a\": {}, \"a\": {}}", "{\"a\": {\"b\": 1}", "{\"a"}) {
    SCOPED_TRACE(text);
    test::expect_input_error([&] { parse_summary(text, "runs/x/summary.json"); }, "runs/x/summary.json");
  }
}

TEST(SummaryFile, MissingFileIsAnInputErrorNamingIt) {
  test::ScratchFolder dir;
  test::expect_input_error([&] { read_summary(dir / "summary.json"); }, dir / "summary.json");
}

}  // namespace
}  // namespace hypera::app
