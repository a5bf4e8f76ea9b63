#include "core/measure/distance_transform.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "support/input_error.h"
#include "common/grid.h"

namespace hypera::core {
namespace {

using test::grid;

// Squared physical distance to the nearest set voxel by trying every set voxel.
std::vector<double> brute_force(const data::LabelVolume& mask) {
  const data::Geometry& g = mask.geometry;
  std::vector<std::array<double, 3>> set;
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        if (mask.at(x, y, z) != 0) {
          set.push_back({x * g.spacing[0], y * g.spacing[1], z * g.spacing[2]});
        }
      }
    }
  }
  std::vector<double> out(g.voxel_count(), std::numeric_limits<double>::infinity());
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        double& best = out[mask.index(x, y, z)];
        for (const auto& p : set) {
          const double dx = x * g.spacing[0] - p[0];
          const double dy = y * g.spacing[1] - p[1];
          const double dz = z * g.spacing[2] - p[2];
          best = std::min(best, dx * dx + dy * dy + dz * dz);
        }
      }
    }
  }
  return out;
}

data::LabelVolume random_mask(std::mt19937& rng, data::Geometry g, double density) {
  std::bernoulli_distribution on(density);
  data::LabelVolume mask(g);
  for (auto& v : mask.voxels) v = on(rng) ? static_cast<uint8_t>(1 + rng() % 255) : 0;
  return mask;
}

void expect_matches_brute_force(const data::LabelVolume& mask) {
  const std::vector<double> fast = squared_distance_to_set(mask);
  const std::vector<double> slow = brute_force(mask);
  ASSERT_EQ(fast.size(), slow.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    if (std::isinf(slow[i])) {
      ASSERT_TRUE(std::isinf(fast[i]) && fast[i] > 0) << "voxel " << i;
    } else {
      ASSERT_NEAR(fast[i], slow[i], 1e-9 * (1 + slow[i])) << "voxel " << i;
    }
  }
}

TEST(DistanceTransform, RandomMasks2DAgainstBruteForce) {
  std::mt19937 rng(7);
  const std::array<std::array<double, 3>, 3> spacings{{{1, 1, 1}, {0.7, 2.3, 1}, {3.1, 0.4, 1}}};
  for (const auto& spacing : spacings) {
    for (const double density : {0.002, 0.02, 0.3, 0.9}) {
      data::Geometry g = grid(37, 29);
      g.spacing = spacing;
      expect_matches_brute_force(random_mask(rng, g, density));
    }
  }
}

TEST(DistanceTransform, RandomMasks3DAgainstBruteForce) {
  std::mt19937 rng(11);
  const std::array<std::array<double, 3>, 3> spacings{{{1, 1, 1}, {0.5, 0.9, 2.7}, {1.2, 3.0, 0.3}}};
  for (const auto& spacing : spacings) {
    for (const double density : {0.001, 0.01, 0.2}) {
      data::Geometry g = grid(19, 23, 17);
      g.spacing = spacing;
      expect_matches_brute_force(random_mask(rng, g, density));
    }
  }
  // Thin grids: single lines along each axis.
  for (const auto& size : {std::array<int64_t, 3>{40, 1, 1}, {1, 40, 1}, {1, 1, 40}, {1, 5, 33}}) {
    data::Geometry g;
    g.size = size;
    g.spacing = {0.6, 1.7, 2.2};
    expect_matches_brute_force(random_mask(rng, g, 0.05));
  }
}

TEST(DistanceTransform, EmptyFullAndSinglePoint) {
  data::Geometry g = grid(6, 5, 4);
  g.spacing = {1, 2, 3};
  const data::LabelVolume empty(g);
  for (const double d : squared_distance_to_set(empty)) {
    EXPECT_TRUE(std::isinf(d) && d > 0);
  }
  const data::LabelVolume full(g, 1);
  for (const double d : squared_distance_to_set(full)) EXPECT_EQ(d, 0.0);
  data::LabelVolume point(g);
  point.at(0, 0, 0) = 1;
  const std::vector<double> d = squared_distance_to_set(point);
  EXPECT_DOUBLE_EQ(d[point.index(5, 4, 3)], 25.0 + 64.0 + 81.0);
  EXPECT_DOUBLE_EQ(d[point.index(0, 1, 0)], 4.0);
  EXPECT_DOUBLE_EQ(d[point.index(0, 0, 2)], 36.0);
}

TEST(DistanceTransform, BadSpacingIsInputError) {
  data::Geometry g = grid(4, 4);
  g.spacing = {1, 0, 1};
  EXPECT_THROW(squared_distance_to_set(data::LabelVolume(g, 1)), InputError);
  g.spacing = {1, 1, 0};  // a 2D grid has no use for its z spacing
  EXPECT_NO_THROW(squared_distance_to_set(data::LabelVolume(g, 1)));
  g = grid(4, 4, 2);
  g.spacing = {1, 1, std::nan("")};
  EXPECT_THROW(squared_distance_to_set(data::LabelVolume(g, 1)), InputError);
}

// squared_distance_at against brute force at the voxels of `where`, in scan order.
void expect_selection_matches_brute_force(const data::LabelVolume& mask, const data::LabelVolume& where) {
  const std::vector<double> fast = squared_distance_at(mask, where);
  const std::vector<double> slow = brute_force(mask);
  size_t next = 0;
  for (size_t i = 0; i < slow.size(); ++i) {
    if (where.voxels[i] == 0) continue;
    ASSERT_LT(next, fast.size());
    const double d = fast[next++];
    if (std::isinf(slow[i])) {
      ASSERT_TRUE(std::isinf(d) && d > 0) << "voxel " << i;
    } else {
      ASSERT_NEAR(d, slow[i], 1e-9 * (1 + slow[i])) << "voxel " << i;
    }
  }
  EXPECT_EQ(next, fast.size());
}

TEST(DistanceTransform, SelectedVoxelsAgainstBruteForce) {
  std::mt19937 rng(13);
  // Near sets (answered by searching along the row) and far ones with many selected voxels per row (the
  // row's search budget runs out and its envelope answers), isotropic and not, 2D, 3D and thin grids.
  const std::array<std::array<int64_t, 3>, 6> sizes{
      {{37, 29, 1}, {19, 23, 17}, {300, 3, 1}, {1, 40, 1}, {40, 1, 1}, {1, 5, 33}}};
  const std::array<std::array<double, 3>, 3> spacings{{{1, 1, 1}, {0.7, 2.3, 1.9}, {3.1, 0.4, 0.6}}};
  for (const auto& size : sizes) {
    for (const auto& spacing : spacings) {
      for (const double density : {0.003, 0.05, 0.5}) {
        for (const double selected : {0.05, 0.9}) {
          data::Geometry g;
          g.size = size;
          g.spacing = spacing;
          expect_selection_matches_brute_force(random_mask(rng, g, density), random_mask(rng, g, selected));
        }
      }
    }
  }
  // One set voxel at the end of a long row, every voxel selected: the far ones need the envelope.
  data::LabelVolume mask(grid(500, 2));
  mask.at(499, 1) = 1;
  expect_selection_matches_brute_force(mask, data::LabelVolume(mask.geometry, 1));
}

TEST(DistanceTransform, SelectedVoxelsEdgeCases) {
  data::Geometry g = grid(6, 5, 4);
  g.spacing = {1, 2, 3};
  const data::LabelVolume none(g);
  const data::LabelVolume all(g, 1);
  EXPECT_TRUE(squared_distance_at(all, none).empty());
  const std::vector<double> to_nothing = squared_distance_at(none, all);
  ASSERT_EQ(to_nothing.size(), all.voxels.size());
  for (const double d : to_nothing) EXPECT_TRUE(std::isinf(d) && d > 0);
  for (const double d : squared_distance_at(all, all)) EXPECT_EQ(d, 0.0);
  EXPECT_THROW(squared_distance_at(all, data::LabelVolume(grid(6, 5), 1)), InputError);
  g.spacing = {1, -1, 1};
  EXPECT_THROW(squared_distance_at(data::LabelVolume(g, 1), data::LabelVolume(g, 1)), InputError);
}

}  // namespace
}  // namespace hypera::core
