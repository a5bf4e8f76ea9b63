#include "data/pipeline/class_names.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/scratch_folder.h"
#include "data/pipeline/prepared_writer.h"

namespace hypera::data {
namespace {

TEST(ClassNames, ValidAreTwoToManyDistinctPlainNames) {
  EXPECT_TRUE(valid_class_names({"background", "left-cerebrum", "Right_2"}));
  EXPECT_FALSE(valid_class_names({"background"}));
  EXPECT_FALSE(valid_class_names({"background", ""}));
  EXPECT_FALSE(valid_class_names({"background", "a,b"}));
  EXPECT_FALSE(valid_class_names({"background", "a b"}));
  EXPECT_FALSE(valid_class_names({"background", "left", "left"}));
  EXPECT_FALSE(valid_class_names(std::vector<std::string>(256, "x")));
}

TEST(ClassNames, JoinAndSplitAreInverse) {
  const std::vector<std::string> names = {"background", "left", "right"};
  EXPECT_EQ(join_class_names(names), "background,left,right");
  EXPECT_EQ(split_class_names(join_class_names(names)), names);
}

TEST(ClassNames, TheWriterRefusesNamesThatDoNotSuitTheTarget) {
  const test::ScratchFolder dir;
  EXPECT_THROW(PreparedWriter(dir.path() / "a.h5", "nnunet", TargetKind::Classes, {"background", "a b"}, 3),
               std::invalid_argument);
  EXPECT_THROW(PreparedWriter(dir.path() / "b.h5", "nifti", TargetKind::Foreground, {"background", "brain"}, 3),
               std::invalid_argument);
}

}  // namespace
}  // namespace hypera::data
