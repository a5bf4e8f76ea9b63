#include "app/meta/agents_manifest.h"

#include <gtest/gtest.h>

#include <fstream>

#include "support/expect_input_error.h"
#include "support/scratch_folder.h"

namespace hypera::app {
namespace {

TEST(MetaAgentsManifest, NoManifestMeansNoCompletedRun) {
  test::ScratchFolder dir;
  EXPECT_EQ(completed_runs(dir / "agents"), 0);  // the folder does not exist
  std::filesystem::create_directories(dir / "agents");
  EXPECT_EQ(completed_runs(dir / "agents"), 0);  // it exists, empty
}

TEST(MetaAgentsManifest, ReadsTheRunsLineOfTheAgentStateManifest) {
  test::ScratchFolder dir;
  std::ofstream(dir / "manifest.txt") << "format hypera-hyperparameter-agents-1\n"
                                         "agents augmentation batch_size learning_rate\n"
                                         "runs 7\n";
  EXPECT_EQ(completed_runs(dir.path()), 7);
  std::ofstream(dir / "manifest.txt") << "format hypera-hyperparameter-agents-1\nruns 0\nagents learning_rate\n";
  EXPECT_EQ(completed_runs(dir.path()), 0);
}

TEST(MetaAgentsManifest, RefusesWhatIsNotAnAgentStateManifest) {
  test::ScratchFolder dir;
  const auto file = dir / "manifest.txt";
  for (const std::string text :
       {"format hypera-hyperparameter-agents-1\nagents learning_rate\n",           // a plain save: no runs line
        "format hypera-segmentation-agents-1\nagents a\nruns 2\n",                 // another manifest
        "format hypera-hyperparameter-agents-1\nagents learning_rate\nruns -1\n",  // negative
        "format hypera-hyperparameter-agents-1\nagents learning_rate\nruns 2x\n",  // trailing text
        "format hypera-hyperparameter-agents-1\nagents learning_rate\nruns\n",     // no number
        ""}) {
    std::ofstream(file) << text;
    SCOPED_TRACE(text);
    test::expect_input_error([&] { completed_runs(dir.path()); }, file);
  }
}

}  // namespace
}  // namespace hypera::app
