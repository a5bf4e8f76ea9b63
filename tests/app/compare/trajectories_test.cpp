#include "app/compare/trajectories.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/logging/csv_writer.h"
#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::app {
namespace {

const std::vector<std::string> kColumns = {"step", "epoch", "rank", "writer", "name", "old", "new"};

TEST(Trajectories, ReadsTheValueAfterEachWriteOfOneHyperparameter) {
  test::ScratchFolder dir;
  {
    core::CsvWriter csv(dir / "hparams.csv", kColumns);
    csv.write_row({"0", "0", "0", "lr_agent", "lr", "0.01", "0.02"});
    csv.write_row({"0", "0", "0", "loss_agent", "loss.dice", "1", "0.5"});
    csv.write_row({"25", "1", "0", "lr_agent", "lr", "0.02", "0.005"});
    csv.write_row({"25", "1", "1", "lr_agent", "lr", "0.02", "0.5"});  // another rank's write: not rank 0's choice
  }
  const core::Series lr = read_trajectory(dir / "hparams.csv", "lr", "agents s0");
  EXPECT_EQ(lr.name, "agents s0");
  EXPECT_EQ(lr.x, (std::vector<double>{0, 25}));
  EXPECT_EQ(lr.y, (std::vector<double>{0.02, 0.005}));
  EXPECT_EQ(read_trajectory(dir / "hparams.csv", "loss.dice", "x").y, std::vector<double>{0.5});
  EXPECT_TRUE(read_trajectory(dir / "hparams.csv", "loss.ce", "x").x.empty());
}

TEST(Trajectories, MalformedOrMissingFilesAreInputErrorsNamingThem) {
  test::ScratchFolder dir;
  std::ofstream(dir / "short.csv") << "step,epoch,rank,writer,name,old,new\n1,0,0,a,lr,1\n";
  std::ofstream(dir / "text.csv") << "step,epoch,rank,writer,name,old,new\nten,0,0,a,lr,1,2\n";
  test::expect_input_error([&] { read_trajectory(dir / "short.csv", "lr", "x"); }, dir / "short.csv");
  test::expect_input_error([&] { read_trajectory(dir / "text.csv", "lr", "x"); }, dir / "text.csv");
  test::expect_input_error([&] { read_trajectory(dir / "none.csv", "lr", "x"); }, dir / "none.csv");
}

TEST(Trajectories, PlotsWhatTheRunsWroteAndSaysWhatItSkipped) {
  test::ScratchFolder dir;
  for (const char* run : {"a", "b"}) {
    core::CsvWriter csv(dir / (std::string(run) + ".csv"), kColumns);
    csv.write_row({"0", "0", "0", "lr_agent", "lr", "0.01", "0.02"});
    csv.write_row({"10", "1", "0", "lr_agent", "lr", "0.02", "0.01"});
  }
  std::ofstream(dir / "bad.csv") << "step,epoch,rank,writer,name,old,new\n1,0,0\n";
  const auto notes = plot_trajectories(
      dir.path(), {{"agents s0", dir / "a.csv"}, {"agents s1", dir / "b.csv"}, {"agents s2", dir / "bad.csv"}});
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_NE(notes[0].find("- agents s2 left out: " + (dir / "bad.csv").string()), std::string::npos) << notes[0];
  EXPECT_NE(notes[1].find("trajectories_lr.png: the learning rate the agent runs chose (2 series"), std::string::npos)
      << notes[1];
  EXPECT_NE(notes[2].find("trajectories_loss_weights.png: not drawn"), std::string::npos) << notes[2];
  EXPECT_GT(std::filesystem::file_size(dir / "trajectories_lr.png"), 1000u);
  EXPECT_FALSE(std::filesystem::exists(dir / "trajectories_loss_weights.png"));

  const auto none = plot_trajectories(dir.path(), {});
  ASSERT_EQ(none.size(), 1u);
  EXPECT_NE(none[0].find("no trajectory plot"), std::string::npos);
}

}  // namespace
}  // namespace hypera::app
