#include "core/postprocess/morphology.h"

#include <gtest/gtest.h>

#include "support/input_error.h"
#include "core/postprocess/grid_text.h"

namespace hypera::core {
namespace {

using testing::kBridgedSquares;
using testing::mask_from;
using testing::rows_of;

TEST(Morphology, OpeningRemovesAThinBridge) {
  const auto mask = mask_from(kBridgedSquares);
  // A radius-1 ball (the 4-neighbour cross) fits in every square voxel but the corners, and centred on
  // a square's edge it still covers the first bridge voxel; the rest of the bridge is gone.
  const auto expected = mask_from({
      ".....................",
      "..#####.......#####..",
      ".#######.....#######.",
      ".#######.....#######.",
      ".########...########.",
      ".#######.....#######.",
      ".#######.....#######.",
      "..#####.......#####..",
      ".....................",
  });
  EXPECT_EQ(rows_of(open_ball(mask, 1, "r"), true), rows_of(expected, true));
}

TEST(Morphology, ClosingFillsAGap) {
  const auto mask = mask_from({
      "...................",
      "...................",
      "..#######.#######..",
      "..#######.#######..",
      "..#######.#######..",
      "..#######.#######..",
      "..#######.#######..",
      "..#######.#######..",
      "..#######.#######..",
      "...................",
      "...................",
  });
  // The gap column is filled where the radius-1 ball dilation and erosion meet on both sides; its two
  // end voxels have a background neighbour outside the squares' rows after the dilation, so they open.
  const auto expected = mask_from({
      "...................",
      "...................",
      "..#######.#######..",
      "..###############..",
      "..###############..",
      "..###############..",
      "..###############..",
      "..###############..",
      "..#######.#######..",
      "...................",
      "...................",
  });
  EXPECT_EQ(rows_of(close_ball(mask, 1, "r"), true), rows_of(expected, true));
}

int64_t count(const data::LabelVolume& mask) {
  int64_t n = 0;
  for (const uint8_t v : mask.voxels) n += v != 0;
  return n;
}

TEST(Morphology, BallsIn3D) {
  data::Geometry g;
  g.size = {7, 7, 7};
  g.spacing = {0.5, 2.0, 3.0};  // ignored: radii count voxels
  data::LabelVolume point(g);
  point.at(3, 3, 3) = 1;
  const auto cross = dilate_ball(point, 1, "r");
  EXPECT_EQ(count(cross), 7);  // centre and its 6 face neighbours
  EXPECT_EQ(cross.at(3, 3, 2), 1);
  EXPECT_EQ(cross.at(3, 2, 2), 0);
  const auto ball = dilate_ball(point, 1.5, "r");
  EXPECT_EQ(count(ball), 19);  // |d|^2 in {0, 1, 2}: 1 + 6 + 12
  EXPECT_EQ(ball.at(2, 2, 3), 1);
  EXPECT_EQ(ball.at(2, 2, 2), 0);
  const auto eroded = erode_ball(ball, 1.5, "r");
  EXPECT_EQ(count(eroded), 1);
  EXPECT_EQ(eroded.at(3, 3, 3), 1);
  EXPECT_EQ(open_ball(ball, 1.5, "r").voxels, ball.voxels);  // a ball is open under itself
}

TEST(Morphology, ZeroRadiusKeepsTheMaskAndBadRadiiAreRejected) {
  const auto mask = mask_from({".#.", "##.", "..."});
  EXPECT_EQ(erode_ball(mask, 0, "r").voxels, mask.voxels);
  EXPECT_EQ(close_ball(mask, 0, "r").voxels, mask.voxels);
  try {
    open_ball(mask, -1, "postprocess.open_radius");
    FAIL() << "negative radius accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("postprocess.open_radius"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hypera::core
