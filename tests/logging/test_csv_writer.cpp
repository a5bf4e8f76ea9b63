#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "core/logging/csv_writer.h"
#include "data/io/input_error.h"
#include "support/file_bytes.h"
#include "support/scratch_folder.h"

namespace hypera::core {
namespace {

TEST(CsvWriter, WritesHeaderAndQuotesFieldsAsRfc4180Says) {
  test::ScratchFolder dir;
  const auto path = dir.path() / "metrics.csv";
  {
    CsvWriter csv(path, {"epoch", "note", "value"});
    csv.write_row({"1", "plain", "0.5"});
    csv.write_row({"2", "a,b", "say \"hi\""});
    csv.write_row({"3", "two\nlines", ""});
  }
  EXPECT_EQ(test::read_text(path),
            "epoch,note,value\n"
            "1,plain,0.5\n"
            "2,\"a,b\",\"say \"\"hi\"\"\"\n"
            "3,\"two\nlines\",\n");
}

TEST(CsvWriter, EveryFinishedRowIsInTheFileWhileTheWriterIsOpen) {
  test::ScratchFolder dir;
  const auto path = dir.path() / "hparams.csv";
  CsvWriter csv(path, {"step", "lr"});
  EXPECT_EQ(test::read_text(path), "step,lr\n");
  csv.write_row({"10", "0.001"});
  EXPECT_EQ(test::read_text(path), "step,lr\n10,0.001\n");
}

TEST(CsvWriter, WrongColumnCountIsALogicErrorAndWritesNothing) {
  test::ScratchFolder dir;
  const auto path = dir.path() / "m.csv";
  CsvWriter csv(path, {"a", "b"});
  EXPECT_THROW(csv.write_row({"1"}), std::logic_error);
  EXPECT_THROW(csv.write_row({"1", "2", "3"}), std::logic_error);
  EXPECT_EQ(test::read_text(path), "a,b\n");
  EXPECT_THROW(CsvWriter(dir.path() / "none.csv", {}), std::logic_error);
}

TEST(CsvWriter, UnopenablePathIsAnInputErrorNamingIt) {
  test::ScratchFolder dir;
  const auto path = dir.path() / "missing_folder" / "m.csv";
  try {
    CsvWriter csv(path, {"a"});
    FAIL() << "opened " << path;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

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

}  // namespace
}  // namespace hypera::core
