// RUN/classes.txt: what train writes, infer reads back; runs without it keep their target's fixed classes. And
// RUN/channels.txt likewise, one image channel without it.
#include "core/train/run_classes.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

namespace hypera::core {
namespace {

TEST(RunClasses, RoundTripsTheDataSetsNames) {
  const test::ScratchFolder run;
  const std::vector<std::string> names = {"background", "left_cerebrum", "right_cerebrum", "cerebellum"};
  write_run_classes(run.path(), names);
  EXPECT_EQ(read_run_classes(run.path(), data::TargetKind::Classes), names);
}

TEST(RunClasses, ARunWithoutTheFileHasItsTargetsFixedClasses) {
  const test::ScratchFolder run;
  EXPECT_EQ(read_run_classes(run.path(), data::TargetKind::ThreeClass),
            data::fixed_class_names(data::TargetKind::ThreeClass));
  test::expect_input_error([&] { read_run_classes(run.path(), data::TargetKind::Classes); }, run.path() / "classes.txt");
}

TEST(RunClasses, RefusesNamesThatDoNotSuitTheTarget) {
  const test::ScratchFolder run;
  write_run_classes(run.path(), {"background", "left", "right"});
  test::expect_input_error([&] { read_run_classes(run.path(), data::TargetKind::Foreground); },
                           run.path() / "classes.txt");
  std::ofstream(run.path() / "classes.txt") << "background\nleft cerebrum\n";
  test::expect_input_error([&] { read_run_classes(run.path(), data::TargetKind::Classes); },
                           run.path() / "classes.txt");
}

TEST(RunChannels, RoundTripAndOneImageChannelWithoutTheFile) {
  const test::ScratchFolder run;
  EXPECT_EQ(read_run_channels(run.path()), std::vector<std::string>{"image"});
  write_run_channels(run.path(), {"T1", "T1_brain"});
  EXPECT_EQ(read_run_channels(run.path()), (std::vector<std::string>{"T1", "T1_brain"}));
  for (const char* text : {"T1\nT1\n", "T1\nT 2\n", "T1", ""}) {
    std::ofstream(run.path() / "channels.txt") << text;
    test::expect_input_error([&] { read_run_channels(run.path()); }, run.path() / "channels.txt");
  }
}

}  // namespace
}  // namespace hypera::core
