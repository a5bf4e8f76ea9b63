#include "core/postprocess/hole_filling.h"

#include <gtest/gtest.h>

#include "support/input_error.h"
#include "core/postprocess/grid_text.h"

namespace hypera::core {
namespace {

using testing::mask_from;
using testing::rows_of;

// Holes of 4 and 8 voxels; the one-voxel background at (0, 0) touches the border (and only touches the
// 4-voxel hole diagonally, which does not connect background), so it is never a hole.
const std::vector<std::string> kRing = {
    ".########...",
    "#..#....#...",
    "#..#....#...",
    "#########...",
};

TEST(HoleFilling, RespectsTheMaximumHoleSize) {
  const auto mask = mask_from(kRing);
  EXPECT_EQ(rows_of(fill_holes(mask, 0), true), rows_of(mask, true));
  EXPECT_EQ(rows_of(fill_holes(mask, 3), true), rows_of(mask, true));
  EXPECT_EQ(rows_of(fill_holes(mask, 4), true), rows_of(mask_from({
                                                              ".########...",
                                                              "####....#...",
                                                              "####....#...",
                                                              "#########...",
                                                          }),
                                                          true));
  EXPECT_EQ(rows_of(fill_holes(mask, 8), true), rows_of(mask_from({
                                                              ".########...",
                                                              "#########...",
                                                              "#########...",
                                                              "#########...",
                                                          }),
                                                          true));
}

TEST(HoleFilling, HolesIn3DAndBadSize) {
  data::Geometry g;
  g.size = {5, 5, 5};
  data::LabelVolume cube(g, 1);
  cube.at(2, 2, 2) = 0;  // an enclosed cavity
  cube.at(0, 2, 2) = 0;  // a dent on the border
  const auto filled = fill_holes(cube, 1);
  EXPECT_EQ(filled.at(2, 2, 2), 1);
  EXPECT_EQ(filled.at(0, 2, 2), 0);
  EXPECT_THROW(fill_holes(cube, -1), InputError);
}

}  // namespace
}  // namespace hypera::core
