#include "core/train/run_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/input_error.h"
#include "common/scratch_folder.h"

namespace hypera::core {
namespace {
namespace fs = std::filesystem;

class RunConfigTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& text) {
    const fs::path path = folder_ / "run.ini";
    std::ofstream(path) << text;
    return path;
  }
  std::string error_of(const std::optional<fs::path>& file, const std::vector<std::string>& overrides) {
    try {
      load_run_config(file, overrides);
    } catch (const InputError& error) {
      return error.what();
    }
    return "";
  }
  test::ScratchFolder folder_;
};

TEST_F(RunConfigTest, FileValuesAndCommandLineOverrides) {
  const auto file = write("[train]\nepochs = 7\npatch = 64,96\n[optim]\nlr = 0.05\n[model]\nbase_channels = 8\n");
  const auto loaded = load_run_config(file, {"--train.epochs=3", "--loss.focal", "0.5"});
  EXPECT_EQ(loaded.config.train.epochs, 3);  // the command line wins
  EXPECT_EQ(loaded.config.model.base_channels, 8);
  EXPECT_DOUBLE_EQ(loaded.config.tunables.at("lr"), 0.05);
  EXPECT_DOUBLE_EQ(loaded.config.tunables.at("loss.focal"), 0.5);
  EXPECT_EQ(loaded.config.patch_size(), (std::vector<int64_t>{64, 96}));
  EXPECT_NE(loaded.resolved_ini.find("epochs = 3"), std::string::npos);
}

TEST_F(RunConfigTest, ResolvedIniReadsBackToTheSameConfig) {
  const auto first = load_run_config(write("[train]\nepochs = 4\nclass_weights = 1,2\n"), {"--aug.flip_p=0.25"});
  const auto second = load_run_config(write(first.resolved_ini), {});
  EXPECT_EQ(first.resolved_ini, second.resolved_ini);
}

TEST_F(RunConfigTest, UnknownKeyNamesFileAndKey) {
  const auto file = write("[train]\nepoch = 3\n");
  const std::string message = error_of(file, {});
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("train.epoch"), std::string::npos) << message;
  EXPECT_NE(error_of(std::nullopt, {"--train.nonsense=1"}).find("train.nonsense"), std::string::npos);
}

TEST_F(RunConfigTest, OutOfRangeAndBadValuesNameTheOption) {
  EXPECT_NE(error_of(std::nullopt, {"--optim.lr=5"}).find("optim.lr"), std::string::npos);
  EXPECT_NE(error_of(std::nullopt, {"--train.epochs=0"}).find("train.epochs"), std::string::npos);
  EXPECT_NE(error_of(std::nullopt, {"--train.epochs=abc"}).find("train.epochs"), std::string::npos);
  EXPECT_NE(error_of(std::nullopt, {"--train.accumulate=0"}).find("train.accumulate"), std::string::npos);
  EXPECT_NE(error_of(std::nullopt, {"--train.optimizer=rmsprop"}).find("train.optimizer"), std::string::npos);
  EXPECT_NE(error_of(std::nullopt, {"--train.patch=64"}).find("train.patch"), std::string::npos);
  EXPECT_NE(error_of(folder_ / "missing.ini", {}).find("missing.ini"), std::string::npos);
}

TEST(RunConfigHelp, ListsEveryOptionWithItsDefault) {
  const std::string help = run_config_help();
  for (const char* key : {"train.epochs", "optim.lr", "loss.dice", "aug.elastic_p", "data.prepared", "model.norm"}) {
    EXPECT_NE(help.find(key), std::string::npos) << key;
  }
  EXPECT_NE(help.find("(=0.01)"), std::string::npos);  // lr default shown
}

}  // namespace
}  // namespace hypera::core
