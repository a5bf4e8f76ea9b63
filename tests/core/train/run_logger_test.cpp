// metrics.csv's layout (run_logger.h): the distance metrics' means and non-finite counts are columns of every
// row from the first, so a count that appears only in a later epoch never changes the header; rows of an
// older layout kept on resume are rewritten by column name, the new columns empty.
#include "core/train/run_logger.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/train/text_fields.h"
#include "common/scratch_folder.h"

namespace hypera::core {
namespace {
namespace fs = std::filesystem;

std::vector<std::vector<std::string>> csv_rows(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(split_fields(line));
  return rows;
}

std::string field(const std::vector<std::vector<std::string>>& rows, size_t row, const std::string& column) {
  const auto& header = rows.at(0);
  const size_t index = std::find(header.begin(), header.end(), column) - header.begin();
  EXPECT_LT(index, header.size()) << column;
  return index < rows.at(row).size() ? rows.at(row)[index] : "<missing>";
}

TEST(RunLogger, MetricsCsvHasTheDistanceCountsInEveryRow) {
  const test::ScratchFolder folder;
  {
    RunLogger logger(folder.path(), 0);
    EpochRecord record;
    record.validation = {{"dice", 0.5}, {"hd95", 3}, {"hd95_nonfinite", 2}, {"hausdorff", 4}, {"assd", 1}};
    logger.log_epoch(record);
    record.epoch = 1;
    record.validation.clear();  // not validated
    logger.log_epoch(record);
    record.epoch = 2;
    record.validation = {{"dice", 0.6}, {"hd95", 2.5}, {"hausdorff", 3}, {"assd", 0.5}};
    logger.log_epoch(record);
  }
  const auto rows = csv_rows(folder.path() / "metrics.csv");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
  EXPECT_EQ(field(rows, 1, "val_hd95"), "3");
  EXPECT_EQ(field(rows, 1, "val_hd95_nonfinite"), "2");
  EXPECT_EQ(field(rows, 1, "val_hausdorff_nonfinite"), "0");
  EXPECT_EQ(field(rows, 1, "val_assd"), "1");
  EXPECT_EQ(field(rows, 2, "val_hd95"), "");
  EXPECT_EQ(field(rows, 2, "val_hd95_nonfinite"), "");
  EXPECT_EQ(field(rows, 3, "val_hd95_nonfinite"), "0");
  EXPECT_EQ(field(rows, 3, "val_dice"), "0.6");
}

TEST(RunLogger, ResumeKeepsRowsOfTheOlderLayoutWithTheNewColumnsEmpty) {
  const test::ScratchFolder folder;
  std::ofstream(folder.path() / "metrics.csv")
      << "epoch,step,lr,batch_size,train_loss,loss_dice,loss_ce,loss_focal,loss_boundary,grad_norm,val_dice,"
         "val_object_f1,epoch_seconds,data_wait_seconds,images_per_second\n"
         "0,3,0.01,2,0.9,,,,,1.5,0.4,,2,0.1,3\n"
         "1,6,0.01,2,0.8,,,,,1.4,0.5,,2,0.1,3\n";
  RunLogger(folder.path(), 1);
  const auto rows = csv_rows(folder.path() / "metrics.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].size(), rows[0].size());
  EXPECT_EQ(field(rows, 1, "val_dice"), "0.4");
  EXPECT_EQ(field(rows, 1, "images_per_second"), "3");
  EXPECT_EQ(field(rows, 1, "val_hd95_nonfinite"), "");
}

}  // namespace
}  // namespace hypera::core
