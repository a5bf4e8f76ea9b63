#include "core/postprocess/mask_cleanup.h"

#include <gtest/gtest.h>

#include "core/postprocess/grid_text.h"

namespace hypera::core {
namespace {

using testing::mask_from;
using testing::rows_of;

// A ring with a 2-voxel hole, a speck touching it only diagonally (same component under full connectivity)
// and a separate 2-voxel blob; the background at the right border is not a hole.
const std::vector<std::string> kPrediction = {
    "#####.....",
    "#..##.....",
    "#####.....",
    ".....#..##",
};

TEST(MaskCleanup, KeepsTheLargestComponentWithFullConnectivity) {
  EXPECT_EQ(rows_of(clean_mask(mask_from(kPrediction), {true, false}), true),
            rows_of(mask_from({"#####.....", "#..##.....", "#####.....", ".....#...."}), true));
}

TEST(MaskCleanup, FillsOnlyEnclosedHoles) {
  EXPECT_EQ(rows_of(clean_mask(mask_from(kPrediction), {false, true}), true),
            rows_of(mask_from({"#####.....", "#####.....", "#####.....", ".....#..##"}), true));
}

TEST(MaskCleanup, BothStepsAndNoneLeaveOtherClassesAlone) {
  data::LabelVolume labels = mask_from(kPrediction);
  labels.at(0, 0) = 2;  // a second foreground class belongs to the same component
  const data::LabelVolume both = clean_mask(labels, {true, true});
  EXPECT_EQ(both.at(0, 0), 2);
  EXPECT_EQ(both.at(1, 1), 1);  // the hole becomes class 1
  EXPECT_EQ(both.at(8, 3), 0);  // the blob is gone
  EXPECT_EQ(clean_mask(labels, {}).voxels, labels.voxels);
}

TEST(MaskCleanup, AHoleInsideOneClassTakesThatClass) {
  data::LabelVolume labels = mask_from(kPrediction);
  for (uint8_t& v : labels.voxels) v = v != 0 ? 3 : 0;  // the ring and the blob are class 3
  const data::LabelVolume filled = clean_mask(labels, {false, true});
  EXPECT_EQ(filled.at(1, 1), 3);
  EXPECT_EQ(filled.at(2, 1), 3);
  EXPECT_EQ(filled.at(6, 3), 0);  // background between the speck and the blob reaches the border: not a hole
}

TEST(MaskCleanup, HolesIn3DMustBeEnclosedInEveryDirection) {
  data::Geometry g;
  g.size = {3, 3, 3};
  data::LabelVolume cube(g, 1);
  cube.at(1, 1, 1) = 0;  // enclosed
  EXPECT_EQ(clean_mask(cube, {false, true}).at(1, 1, 1), 1);
  cube.at(1, 1, 2) = 0;  // now open to the top face
  const data::LabelVolume open = clean_mask(cube, {false, true});
  EXPECT_EQ(open.at(1, 1, 1), 0);
  EXPECT_EQ(open.at(1, 1, 2), 0);
}

TEST(MaskCleanup, NamesWhatItDoes) {
  EXPECT_EQ(MaskCleanup{}.text(), "none");
  EXPECT_EQ((MaskCleanup{true, true}).text(), "largest component + fill holes");
  EXPECT_FALSE(MaskCleanup{}.any());
}

}  // namespace
}  // namespace hypera::core
