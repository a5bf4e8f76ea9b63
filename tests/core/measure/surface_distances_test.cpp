#include "core/measure/surface_distances.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "common/grid.h"

namespace hypera::core {
namespace {

// Distances from each surface voxel of `from` (scan order) to the nearest surface voxel of `to`, by trying
// every pair; the surfaces come from mask_surface on the whole grid.
std::vector<double> brute_force(const data::LabelVolume& from, const data::LabelVolume& to, uint8_t cls,
                                const std::array<double, 3>& spacing) {
  const data::LabelVolume a = mask_surface(from, cls);
  const data::LabelVolume b = mask_surface(to, cls);
  const data::Geometry& g = from.geometry;
  std::vector<std::array<double, 3>> targets;
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        if (b.at(x, y, z) != 0) targets.push_back({x * spacing[0], y * spacing[1], z * spacing[2]});
      }
    }
  }
  std::vector<double> out;
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        if (a.at(x, y, z) == 0) continue;
        double best = std::numeric_limits<double>::infinity();
        for (const auto& t : targets) {
          best = std::min(best, std::hypot(x * spacing[0] - t[0], y * spacing[1] - t[1], z * spacing[2] - t[2]));
        }
        out.push_back(best);
      }
    }
  }
  return out;
}

void expect_same(const std::vector<double>& fast, const std::vector<double>& slow) {
  ASSERT_EQ(fast.size(), slow.size());
  for (size_t i = 0; i < fast.size(); ++i) {
    if (std::isinf(slow[i])) {
      EXPECT_TRUE(std::isinf(fast[i])) << i;
    } else {
      EXPECT_NEAR(fast[i], slow[i], 1e-9 * (1 + slow[i])) << i;
    }
  }
}

// Random blobs of classes 0..2 in the middle of the grid (so that the union box is smaller than the grid)
// or touching its border, 2D and 3D, thin grids, anisotropic spacing; the class may be absent from either.
TEST(SurfaceDistances, RandomLabelsAgainstBruteForce) {
  std::mt19937 rng(3);
  const std::array<std::array<int64_t, 3>, 5> sizes{{{31, 27, 1}, {13, 11, 9}, {1, 25, 1}, {17, 1, 1}, {1, 6, 14}}};
  const std::array<std::array<double, 3>, 2> spacings{{{1, 1, 1}, {0.6, 1.7, 2.4}}};
  for (const auto& size : sizes) {
    for (const auto& spacing : spacings) {
      for (const int margin : {0, 2}) {
        for (const double density : {0.02, 0.4, 0.9}) {
          data::Geometry g;
          g.size = size;
          g.spacing = spacing;
          std::bernoulli_distribution on(density);
          data::LabelVolume pred(g);
          data::LabelVolume gt(g);
          for (int64_t z = 0; z < g.nz(); ++z) {
            for (int64_t y = 0; y < g.ny(); ++y) {
              for (int64_t x = 0; x < g.nx(); ++x) {
                const bool inner = x >= margin && x < g.nx() - margin && y >= margin && y < g.ny() - margin;
                if (!inner) continue;
                pred.at(x, y, z) = on(rng) ? static_cast<uint8_t>(1 + rng() % 2) : 0;
                gt.at(x, y, z) = on(rng) ? static_cast<uint8_t>(1 + rng() % 2) : 0;
              }
            }
          }
          for (const uint8_t cls : {uint8_t{1}, uint8_t{2}, uint8_t{3}}) {
            const SurfaceDistances d = surface_distances(pred, gt, cls, spacing);
            expect_same(d.from_pred, brute_force(pred, gt, cls, spacing));
            expect_same(d.from_gt, brute_force(gt, pred, cls, spacing));
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace hypera::core
