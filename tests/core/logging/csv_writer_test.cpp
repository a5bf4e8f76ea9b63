#include <gtest/gtest.h>

#include "core/logging/csv_writer.h"
#include "support/input_error.h"
#include "common/file_bytes.h"
#include "common/scratch_folder.h"

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

}  // namespace
}  // namespace hypera::core
