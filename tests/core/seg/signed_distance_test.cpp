#include "core/seg/signed_distance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "data/io/targets.h"
#include "common/grid.h"
#include "common/real_data.h"

namespace hypera::core {
namespace {

using data::LabelVolume;

// phi by brute force: the nearest surface voxel (a voxel of the class with a face neighbour inside the
// grid that is not of the class), signed by membership; 0 everywhere when there is no surface voxel.
std::vector<float> brute_force_phi(const LabelVolume& label, uint8_t c) {
  const auto& n = label.geometry.size;
  const auto& s = label.geometry.spacing;
  std::vector<std::array<int64_t, 3>> surface;
  for (int64_t z = 0; z < n[2]; ++z) {
    for (int64_t y = 0; y < n[1]; ++y) {
      for (int64_t x = 0; x < n[0]; ++x) {
        if (label.at(x, y, z) != c) continue;
        const int64_t p[3] = {x, y, z};
        bool edge = false;
        for (int axis = 0; axis < 3; ++axis) {
          for (int step : {-1, 1}) {
            int64_t q[3] = {x, y, z};
            q[axis] += step;
            if (q[axis] >= 0 && q[axis] < n[axis] && label.at(q[0], q[1], q[2]) != c) edge = true;
          }
        }
        if (edge) surface.push_back({p[0], p[1], p[2]});
      }
    }
  }
  std::vector<float> phi(label.voxels.size(), 0.0f);
  if (surface.empty()) return phi;
  for (int64_t z = 0; z < n[2]; ++z) {
    for (int64_t y = 0; y < n[1]; ++y) {
      for (int64_t x = 0; x < n[0]; ++x) {
        double best = std::numeric_limits<double>::infinity();
        for (const auto& q : surface) {
          const double dx = (x - q[0]) * s[0], dy = (y - q[1]) * s[1], dz = (z - q[2]) * s[2];
          best = std::min(best, dx * dx + dy * dy + dz * dz);
        }
        const float d = static_cast<float>(std::sqrt(best));
        phi[label.index(x, y, z)] = label.at(x, y, z) == c ? -d : d;
      }
    }
  }
  return phi;
}

void expect_maps_near(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-5) << "voxel " << i;
}

TEST(SignedDistance, HandComputedRow) {
  LabelVolume row(test::grid(6, 1));
  row.voxels = {0, 0, 1, 1, 1, 0};
  expect_maps_near(signed_distance_map(row, 1), {2, 1, 0, -1, 0, 1});
  row.geometry.spacing = {0.5, 1, 1};  // physical units
  expect_maps_near(signed_distance_map(row, 1), {1, 0.5, 0, -0.5, 0, 0.5});
  // Class 0 is the complement: its surface voxels are 1 and 5.
  row.geometry.spacing = {1, 1, 1};
  expect_maps_near(signed_distance_map(row, 0), {-1, 0, 1, 2, 1, 0});
}

TEST(SignedDistance, HandComputedSquareWithAnisotropicSpacing) {
  LabelVolume square(test::grid(7, 7));
  for (int64_t y = 1; y <= 5; ++y) {
    for (int64_t x = 1; x <= 5; ++x) square.at(x, y) = 1;
  }
  const auto phi = signed_distance_map(square, 1);
  EXPECT_FLOAT_EQ(phi[square.index(3, 3)], -2.0f);
  EXPECT_FLOAT_EQ(phi[square.index(2, 2)], -1.0f);
  EXPECT_FLOAT_EQ(phi[square.index(1, 3)], 0.0f);
  EXPECT_FLOAT_EQ(phi[square.index(0, 0)], std::sqrt(2.0f));
  EXPECT_FLOAT_EQ(phi[square.index(6, 3)], 1.0f);
  square.geometry.spacing = {1, 2, 1};  // y voxels are twice as long
  const auto stretched = signed_distance_map(square, 1);
  EXPECT_FLOAT_EQ(stretched[square.index(3, 3)], -2.0f);  // nearest surface along x: 2 x 1
  EXPECT_FLOAT_EQ(stretched[square.index(3, 2)], -2.0f);  // along y: 1 x 2, along x: 2 x 1
  EXPECT_FLOAT_EQ(stretched[square.index(0, 0)], std::sqrt(5.0f));
  EXPECT_FLOAT_EQ(stretched[square.index(3, 0)], 2.0f);
  EXPECT_FLOAT_EQ(stretched[square.index(0, 3)], 1.0f);
}

TEST(SignedDistance, AbsentOrFillingClassesGiveZeroMaps) {
  LabelVolume uniform(test::grid(5, 4, 3), 1);
  const std::vector<float> zeros(uniform.voxels.size(), 0.0f);
  EXPECT_EQ(signed_distance_map(uniform, 1), zeros);  // fills the grid: no surface
  EXPECT_EQ(signed_distance_map(uniform, 2), zeros);  // absent
}

TEST(SignedDistance, RandomAnisotropicVolumesMatchBruteForce) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 3; ++round) {
    LabelVolume label(test::grid(9, 8, 7));
    label.geometry.spacing = {0.7, 1.3, 2.1};
    std::bernoulli_distribution foreground(0.15 + 0.3 * round);
    for (auto& v : label.voxels) v = foreground(rng) ? 1 : 0;
    expect_maps_near(signed_distance_map(label, 1), brute_force_phi(label, 1));
  }
}

TEST(SignedDistance, ThinGridsMatchBruteForce) {
  // One or two voxels across: the rows' first and last voxels, and missing rows and slices, are grid borders.
  std::mt19937_64 rng(9);
  for (const auto& size : {std::array<int64_t, 3>{1, 12, 1}, {12, 1, 1}, {1, 1, 12}, {1, 7, 6}, {2, 9, 1}, {5, 2, 3}}) {
    LabelVolume label(test::grid(size[0], size[1], size[2]));
    label.geometry.spacing = {0.9, 1.4, 2.2};
    std::bernoulli_distribution foreground(0.4);
    for (auto& v : label.voxels) v = foreground(rng) ? 1 : 0;
    expect_maps_near(signed_distance_map(label, 1), brute_force_phi(label, 1));
    expect_maps_near(signed_distance_map(label, 0), brute_force_phi(label, 0));
  }
}

TEST(SignedDistance, RealBbbc039ThreeClassMapsMatchBruteForceOnACrop) {
  const auto instances = data::read_bbbc039_instances(
      test::bbbc039_root() / "masks" / "IXMtest_A02_s1_w1051DAA7C-7042-435F-99F0-1E847D9B42CB.png");
  const LabelVolume full = data::make_target(instances, data::TargetKind::ThreeClass);
  LabelVolume crop(test::grid(48, 40));
  int64_t classes_seen[3] = {0, 0, 0};
  for (int64_t y = 0; y < 40; ++y) {
    for (int64_t x = 0; x < 48; ++x) {
      crop.at(x, y) = full.at(200 + x, 150 + y);
      ++classes_seen[crop.at(x, y)];
    }
  }
  ASSERT_GT(classes_seen[1], 0);
  ASSERT_GT(classes_seen[2], 0);
  const auto maps = foreground_signed_distance_maps(crop, 3);
  ASSERT_EQ(maps.size(), 2 * crop.voxels.size());
  const auto voxels = static_cast<std::ptrdiff_t>(crop.voxels.size());
  expect_maps_near({maps.begin(), maps.begin() + voxels}, brute_force_phi(crop, 1));
  expect_maps_near({maps.begin() + voxels, maps.end()}, brute_force_phi(crop, 2));
}

}  // namespace
}  // namespace hypera::core
