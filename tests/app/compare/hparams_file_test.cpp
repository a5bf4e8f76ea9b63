#include "app/compare/hparams_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/logging/csv_writer.h"
#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

TEST(HparamsFile, ReadsEveryRowInFileOrder) {
  test::ScratchFolder dir;
  {
    core::CsvWriter csv(dir / "hparams.csv", {"step", "epoch", "rank", "writer", "name", "old", "new"});
    csv.write_row({"0", "0", "0", "config", "lr", "0.01", "0.01"});
    csv.write_row({"30", "2", "1", "lr_agent", "loss.dice", "1", "0.25"});
  }
  const auto writes = read_hparams(dir / "hparams.csv");
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].writer, "config");
  EXPECT_EQ(writes[0].name, "lr");
  EXPECT_EQ(writes[1].step, 30);
  EXPECT_EQ(writes[1].epoch, 2);
  EXPECT_EQ(writes[1].rank, 1);
  EXPECT_EQ(writes[1].writer, "lr_agent");
  EXPECT_EQ(writes[1].name, "loss.dice");
  EXPECT_EQ(writes[1].old_value, 1.0);
  EXPECT_EQ(writes[1].new_value, 0.25);
}

TEST(HparamsFile, MalformedOrMissingFilesAreInputErrorsNamingThem) {
  test::ScratchFolder dir;
  const std::string header = "step,epoch,rank,writer,name,old,new\n";
  std::ofstream(dir / "short.csv") << header << "1,0,0,a,lr,1\n";
  std::ofstream(dir / "text.csv") << header << "ten,0,0,a,lr,1,2\n";
  std::ofstream(dir / "tail.csv") << header << "1,0,0,a,lr,1,2x\n";
  std::ofstream(dir / "fraction.csv") << header << "1.5,0,0,a,lr,1,2\n";
  for (const char* name : {"short.csv", "text.csv", "tail.csv", "fraction.csv", "none.csv"}) {
    SCOPED_TRACE(name);
    test::expect_input_error([&] { read_hparams(dir / name); }, dir / name);
  }
}

}  // namespace
}  // namespace hypera::app
