#include "core/measure/shape_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "data/io/components.h"
#include "common/grid.h"

namespace hypera::core {
namespace {

using test::fill_box;
using test::grid;

TEST(Shape, SquareCompactnessIsExact) {
  data::LabelVolume m(grid(30, 30));
  fill_box(m, 5, 5, 10, 10);
  const ShapeScores s = shape_scores(m, 1);
  EXPECT_EQ(s.components, 1);
  EXPECT_EQ(s.holes, 0);
  const double perimeter = 4 * 9 + 2 * std::sqrt(2.0);
  EXPECT_NEAR(s.compactness, perimeter * perimeter / (4 * M_PI * 100), 1e-12);
}

TEST(Shape, AnisotropicRectangle) {
  data::Geometry g = grid(30, 30);
  g.spacing = {2.0, 0.5, 1.0};
  data::LabelVolume m(g);
  fill_box(m, 3, 4, 6, 10);  // 12 x 5 in physical units
  const double perimeter = 2 * 5 * 2.0 + 2 * 9 * 0.5 + 4 * 0.5 * std::hypot(2.0, 0.5);
  EXPECT_NEAR(shape_scores(m, 1).compactness, perimeter * perimeter / (4 * M_PI * 60 * 1.0), 1e-12);
}

TEST(Shape, DiskIsNearlyOne) {
  data::LabelVolume m(grid(80, 80));
  for (int64_t y = 0; y < 80; ++y) {
    for (int64_t x = 0; x < 80; ++x) m.at(x, y) = (x - 40) * (x - 40) + (y - 40) * (y - 40) <= 900;
  }
  const ShapeScores s = shape_scores(m, 1);
  EXPECT_EQ(s.components, 1);
  EXPECT_EQ(s.holes, 0);
  // An ideal disk scores 1; the 8-direction contour overestimates a circle by about 5%, so about 1.1.
  EXPECT_GT(s.compactness, 1.05);
  EXPECT_LT(s.compactness, 1.16);
  data::LabelVolume square(grid(80, 80));
  fill_box(square, 10, 10, 53, 53);
  EXPECT_GT(shape_scores(square, 1).compactness, s.compactness + 0.1);  // about 4 / pi for a large square
}

TEST(Shape, ComponentsAndHoles) {
  data::LabelVolume m(grid(30, 20));
  fill_box(m, 2, 2, 7, 7);
  m.at(5, 5) = 0;  // one hole
  fill_box(m, 12, 2, 6, 6);
  fill_box(m, 14, 4, 2, 2, 0);  // a 2 x 2 hole
  m.at(9, 9) = 1;               // touches the first square by a corner only: same component (8-connected)
  fill_box(m, 20, 0, 6, 6);
  fill_box(m, 22, 0, 2, 3, 0);  // a notch open to the grid border: not a hole
  fill_box(m, 2, 12, 6, 6);
  m.at(4, 14) = 0;
  m.at(5, 15) = 0;  // background pixels touching by a corner only: two holes (4-connected background)
  const ShapeScores s = shape_scores(m, 1);
  EXPECT_EQ(s.components, 4);
  EXPECT_EQ(s.holes, 4);
  EXPECT_EQ(shape_scores(m, 2).components, 0);
}

// Holes by definition: background components (4-connected) that do not touch the border.
int64_t reference_holes(const data::LabelVolume& m) {
  data::LabelVolume background(m.geometry);
  for (size_t i = 0; i < m.voxels.size(); ++i) background.voxels[i] = m.voxels[i] == 0;
  int32_t count = 0;
  const data::InstanceVolume ids = data::label_components(background, data::Connectivity::Face, &count);
  std::vector<bool> open(static_cast<size_t>(count) + 1, false);
  for (int64_t y = 0; y < m.geometry.ny(); ++y) {
    for (int64_t x = 0; x < m.geometry.nx(); ++x) {
      if (x == 0 || y == 0 || x == m.geometry.nx() - 1 || y == m.geometry.ny() - 1) open[ids.at(x, y)] = true;
    }
  }
  int64_t holes = 0;
  for (int32_t id = 1; id <= count; ++id) holes += !open[static_cast<size_t>(id)];
  return holes;
}

TEST(Shape, HolesOfRandomMasksMatchTheirDefinition) {
  std::mt19937 rng(5);
  for (const double density : {0.3, 0.5, 0.7, 0.85}) {
    std::bernoulli_distribution on(density);
    data::LabelVolume m(grid(41, 37));
    for (auto& v : m.voxels) v = on(rng);
    int32_t components = 0;
    data::label_components(m, data::Connectivity::Full, &components);
    const ShapeScores s = shape_scores(m, 1);
    EXPECT_EQ(s.components, components);
    EXPECT_EQ(s.holes, reference_holes(m)) << "density " << density;
    EXPECT_GT(s.holes + s.components, 2);
  }
}

TEST(Shape, CubeAndHollowCubeIn3D) {
  data::Geometry g = grid(12, 12, 12);
  g.spacing = {0.5, 0.5, 0.5};
  data::LabelVolume m(g);
  for (int64_t z = 2; z < 8; ++z) {
    for (int64_t y = 2; y < 8; ++y) {
      for (int64_t x = 2; x < 8; ++x) m.at(x, y, z) = 1;
    }
  }
  ShapeScores s = shape_scores(m, 1);
  EXPECT_EQ(s.components, 1);
  EXPECT_EQ(s.holes, 0);
  EXPECT_NEAR(s.compactness, 6 / M_PI, 1e-12);  // (6 a^2)^3 / (36 pi a^6)
  m.at(4, 4, 4) = 0;
  s = shape_scores(m, 1);
  EXPECT_EQ(s.holes, 1);
  // The cavity adds 6 inner faces of 0.25: surface 54 + 1.5, volume (216 - 1) / 8.
  const double surface = 6 * 9.0 + 1.5;
  const double volume = 215 * 0.125;
  EXPECT_NEAR(s.compactness, surface * surface * surface / (36 * M_PI * volume * volume), 1e-9);
}

}  // namespace
}  // namespace hypera::core
