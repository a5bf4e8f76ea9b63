#include "support/manifest.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>

#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::support {
namespace {

TEST(Manifest, TextIsTheFormatLineThenOneKeyValuesLinePerEntry) {
  EXPECT_EQ(manifest_text("demo-1", {{"agents", {"a", "b"}}, {"runs", {"3"}}, {"empty", {}}}),
            "format demo-1\nagents a b\nruns 3\nempty\n");
  EXPECT_EQ(manifest_text("demo-1", {}), "format demo-1\n");
}

TEST(Manifest, ReadsBackTheEntriesInOrderSkippingBlankLines) {
  test::ScratchFolder scratch;
  const auto file = scratch / "manifest.txt";
  std::ofstream(file) << manifest_text("demo-1", {{"base", {"min_size", "12"}}, {"base", {"threshold", "0.5"}}})
                      << "\n   \nagents  x\ty\n";
  const auto entries = read_manifest(file, "demo-1");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].key, "base");
  EXPECT_EQ(entries[0].values, (std::vector<std::string>{"min_size", "12"}));
  EXPECT_EQ(entries[1].values, (std::vector<std::string>{"threshold", "0.5"}));
  EXPECT_EQ(entries[2].key, "agents");
  EXPECT_EQ(entries[2].values, (std::vector<std::string>{"x", "y"}));
}

TEST(Manifest, AMissingFileOrAnotherFormatIsInputErrorNamingTheFile) {
  test::ScratchFolder scratch;
  test::expect_input_error([&] { read_manifest(scratch / "absent.txt", "demo-1"); }, scratch / "absent.txt");
  std::ofstream(scratch / "other.txt") << "format demo-2\nruns 1\n";
  test::expect_input_error([&] { read_manifest(scratch / "other.txt", "demo-1"); }, scratch / "other.txt");
  std::ofstream(scratch / "late.txt") << "runs 1\nformat demo-1\n";
  test::expect_input_error([&] { read_manifest(scratch / "late.txt", "demo-1"); }, scratch / "late.txt");
}

TEST(Manifest, ValuesRoundTripExactlyAndMustBeWhole) {
  EXPECT_EQ(manifest_value(0.1), "0.10000000000000001");
  EXPECT_EQ(manifest_value(int64_t{-7}), "-7");
  EXPECT_EQ(manifest_value(std::string("weighted_average")), "weighted_average");
  EXPECT_EQ(*parse_manifest_value<double>(manifest_value(0.1)), 0.1);
  EXPECT_EQ(*parse_manifest_value<float>(manifest_value(0.3f)), 0.3f);
  EXPECT_EQ(*parse_manifest_value<int64_t>("42"), 42);
  EXPECT_FALSE(parse_manifest_value<int64_t>("3.5"));
  EXPECT_FALSE(parse_manifest_value<int64_t>("three"));
  EXPECT_FALSE(parse_manifest_value<double>(""));
  EXPECT_EQ(*parse_manifest_value<std::string>("word"), "word");
}

}  // namespace
}  // namespace hypera::support
