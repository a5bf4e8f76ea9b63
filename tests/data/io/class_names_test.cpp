#include "data/io/class_names.h"

#include <gtest/gtest.h>

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

TEST(ClassNames, CleaningKeepsWhatIsValidAndReplacesTheRest) {
  EXPECT_EQ(cleaned_class_name("left atrium/1"), "left_atrium_1");
  EXPECT_EQ(cleaned_class_name("Right-2_x"), "Right-2_x");
  EXPECT_TRUE(valid_class_names({"background", cleaned_class_name("a, b")}));
}

TEST(ClassNames, TheFixedTargetsTakeOnlyTheirOwnNames) {
  EXPECT_TRUE(class_names_suit({"background", "foreground"}, TargetKind::Foreground));
  EXPECT_FALSE(class_names_suit({"background", "brain"}, TargetKind::Foreground));
  EXPECT_TRUE(class_names_suit({"background", "brain"}, TargetKind::Classes));
  EXPECT_FALSE(class_names_suit({"background", "a b"}, TargetKind::Classes));
  EXPECT_TRUE(class_names_suit(fixed_class_names(TargetKind::ThreeClass), TargetKind::ThreeClass));
}

}  // namespace
}  // namespace hypera::data
