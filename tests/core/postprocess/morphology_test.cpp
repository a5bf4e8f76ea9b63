#include "core/postprocess/morphology.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "common/real_data.h"
#include "core/measure/distance_transform.h"
#include "core/postprocess/grid_text.h"
#include "data/io/targets.h"
#include "support/input_error.h"

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

// The definitions, straight from the exact distance transform: erosion keeps a mask voxel whose nearest
// in-grid background voxel is further than r; dilation takes every voxel with a foreground voxel within r.
data::LabelVolume reference_ball(const data::LabelVolume& mask, double radius, bool erode) {
  data::LabelVolume set(mask.geometry);
  set.geometry.spacing = {1, 1, 1};
  for (size_t i = 0; i < set.voxels.size(); ++i) set.voxels[i] = (mask.voxels[i] != 0) != erode;
  const std::vector<double> d2 = squared_distance_to_set(set);
  data::LabelVolume out(mask.geometry);
  for (size_t i = 0; i < out.voxels.size(); ++i) {
    out.voxels[i] = erode ? mask.voxels[i] != 0 && d2[i] > radius * radius : d2[i] <= radius * radius;
  }
  return out;
}

void expect_definitions(const data::LabelVolume& mask, const std::string& what) {
  for (const double r : {0.0, 0.5, 1.0, 1.5, 2.0, 2.9, 3.0, 4.5, 8.0, 30.0, 1e12}) {
    EXPECT_EQ(erode_ball(mask, r, "r").voxels, reference_ball(mask, r, true).voxels) << what << " erosion r " << r;
    EXPECT_EQ(dilate_ball(mask, r, "r").voxels, reference_ball(mask, r, false).voxels) << what << " dilation r " << r;
  }
}

// Blobs: a random field smoothed by a 3-voxel box along every axis, above its median-ish level.
data::LabelVolume random_blobs(const data::Geometry& g, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  data::ImageVolume field(g);
  for (float& v : field.voxels) v = u(rng);
  for (int axis = 0; axis < 3; ++axis) {
    if (g.size[axis] == 1) continue;
    data::ImageVolume next = field;
    for (int64_t z = 0; z < g.nz(); ++z) {
      for (int64_t y = 0; y < g.ny(); ++y) {
        for (int64_t x = 0; x < g.nx(); ++x) {
          std::array<int64_t, 3> c{x, y, z};
          float sum = 0;
          for (int64_t k = -1; k <= 1; ++k) {
            c[axis] = std::clamp<int64_t>((axis == 0 ? x : axis == 1 ? y : z) + k, 0, g.size[axis] - 1);
            sum += field.at(c[0], c[1], c[2]);
          }
          next.at(x, y, z) = sum / 3;
        }
      }
    }
    field = next;
  }
  data::LabelVolume mask(g);
  for (size_t i = 0; i < mask.voxels.size(); ++i) mask.voxels[i] = field.voxels[i] > 0.5f;
  return mask;
}

TEST(Morphology, EqualsTheDistanceTransformDefinitionOnRandomMasks) {
  data::Geometry g2;
  g2.size = {41, 29, 1};
  data::Geometry g3;
  g3.size = {13, 11, 9};
  data::Geometry line;
  line.size = {1, 17, 1};
  for (unsigned seed = 0; seed < 3; ++seed) {
    expect_definitions(random_blobs(g2, seed), "2D seed " + std::to_string(seed));
    expect_definitions(random_blobs(g3, seed), "3D seed " + std::to_string(seed));
    expect_definitions(random_blobs(line, seed), "column seed " + std::to_string(seed));
  }
  expect_definitions(data::LabelVolume(g2, 1), "full");
  expect_definitions(data::LabelVolume(g2, 0), "empty");
}

TEST(Morphology, EqualsTheDistanceTransformDefinitionOnBbbc039Nuclei) {
  std::ifstream list(test::bbbc039_root() / "training.txt");
  std::string name;
  ASSERT_TRUE(std::getline(list, name));
  const data::InstanceVolume nuclei = data::read_bbbc039_instances(test::bbbc039_root() / "masks" / name);
  data::LabelVolume mask(nuclei.geometry);
  for (size_t i = 0; i < mask.voxels.size(); ++i) mask.voxels[i] = nuclei.voxels[i] != 0;
  expect_definitions(mask, name);
}

}  // namespace
}  // namespace hypera::core
