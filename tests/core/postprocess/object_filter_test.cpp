#include "core/postprocess/object_filter.h"

#include <gtest/gtest.h>

#include "support/input_error.h"
#include "core/postprocess/grid_text.h"

namespace hypera::core {
namespace {

using testing::objects_from;
using testing::rows_of;

// Object 1: 4 voxels, object 2: 9 voxels, object 3: 2 voxels, object 4: 6 voxels.
const std::vector<std::string> kObjects = {
    "11..222..",
    "11..222.3",
    "....222.3",
    "444444...",
};

// Probability 0.9 everywhere but on object 2 (0.3 on six voxels, 0.6 on three: mean 0.4).
data::ImageVolume probability_of(const data::InstanceVolume& objects) {
  data::ImageVolume p(objects.geometry, 0.9f);
  for (int64_t y = 0; y < 3; ++y) {
    for (int64_t x = 4; x < 7; ++x) p.at(x, y) = y == 0 ? 0.6f : 0.3f;
  }
  return p;
}

TEST(ObjectFilter, MinSizeRemovesTheSmallObjects) {
  const auto objects = objects_from(kObjects);
  const auto p = probability_of(objects);
  EXPECT_EQ(rows_of(remove_objects(objects, p, 0, 0), false), kObjects);
  EXPECT_EQ(rows_of(remove_objects(objects, p, 3, 0), false),
            (std::vector<std::string>{"11..222..", "11..222..", "....222..", "333333..."}));
  EXPECT_EQ(rows_of(remove_objects(objects, p, 5, 0), false),
            (std::vector<std::string>{"....111..", "....111..", "....111..", "222222..."}));
}

TEST(ObjectFilter, MinConfidenceRemovesTheUnconfidentObject) {
  const auto objects = objects_from(kObjects);
  const auto p = probability_of(objects);
  EXPECT_EQ(rows_of(remove_objects(objects, p, 0, 0.4), false), kObjects);  // mean 0.4 is kept
  EXPECT_EQ(rows_of(remove_objects(objects, p, 0, 0.41), false),
            (std::vector<std::string>{"11.......", "11......2", "........2", "333333..."}));
}

TEST(ObjectFilter, KeepLargest) {
  const auto objects = objects_from(kObjects);
  EXPECT_EQ(rows_of(keep_largest(objects, 0), false), kObjects);
  EXPECT_EQ(rows_of(keep_largest(objects, 1), false),
            (std::vector<std::string>{"....111..", "....111..", "....111..", "........."}));
  EXPECT_EQ(rows_of(keep_largest(objects, 2), false),
            (std::vector<std::string>{"....111..", "....111..", "....111..", "222222..."}));
  EXPECT_EQ(rows_of(keep_largest(objects, 10), false), kObjects);
  // Keeping every object still closes the gaps of missing ids.
  const auto gaps = objects_from({"3.5", "..5"});
  EXPECT_EQ(rows_of(keep_largest(gaps, 0), false), (std::vector<std::string>{"1.2", "..2"}));
  EXPECT_EQ(rows_of(keep_largest(gaps, 2), false), (std::vector<std::string>{"1.2", "..2"}));
}

TEST(ObjectFilter, BadValuesAreRejected) {
  const auto objects = objects_from(kObjects);
  const auto p = probability_of(objects);
  EXPECT_THROW(remove_objects(objects, p, -1, 0), InputError);
  EXPECT_THROW(remove_objects(objects, p, 0, 1.5), InputError);
  EXPECT_THROW(keep_largest(objects, -2), InputError);
  EXPECT_THROW(remove_objects(objects, data::ImageVolume(testing::grid_of({"..."})), 0, 0), InputError);
}

}  // namespace
}  // namespace hypera::core
