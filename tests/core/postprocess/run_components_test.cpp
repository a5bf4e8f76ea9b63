#include "core/postprocess/run_components.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "core/postprocess/grid_text.h"

namespace hypera::core {
namespace {

using testing::mask_from;

TEST(RunComponents, DiagonalTouchJoinsOnlyWithFullConnectivity) {
  const auto mask = mask_from({
      "##..#",
      "..##.",
      ".....",
      "#...#",
  });
  const RunComponents full = run_components(mask, true, data::Connectivity::Full);
  const RunComponents face = run_components(mask, true, data::Connectivity::Face);
  EXPECT_EQ(full.count, 3);
  EXPECT_EQ(face.count, 5);
  EXPECT_EQ(full.size, (std::vector<int64_t>{0, 5, 1, 1}));
  const RunComponents background = run_components(mask, false, data::Connectivity::Face);
  EXPECT_EQ(background.count, 2);  // the top right corner voxel is cut off from the rest
  EXPECT_EQ(background.border, (std::vector<bool>{false, true, true}));
}

// The same labels as data::label_components, sizes as counted and the border flag of every component as
// its voxels say, on random masks in 2D and 3D for both connectivities.
TEST(RunComponents, EqualsLabelComponentsOnRandomMasks) {
  std::mt19937 rng(11);
  for (const auto& size : {std::array<int64_t, 3>{53, 37, 1}, std::array<int64_t, 3>{1, 19, 1},
                           std::array<int64_t, 3>{12, 10, 9}, std::array<int64_t, 3>{7, 1, 8}}) {
    data::Geometry g;
    g.size = size;
    for (const double density : {0.3, 0.55, 0.8}) {
      std::bernoulli_distribution on(density);
      data::LabelVolume mask(g);
      for (auto& v : mask.voxels) v = on(rng) ? 3 : 0;
      for (const auto connectivity : {data::Connectivity::Face, data::Connectivity::Full}) {
        const std::string what = std::to_string(g.nx()) + "x" + std::to_string(g.ny()) + "x" +
                                 std::to_string(g.nz()) + " density " + std::to_string(density) +
                                 (connectivity == data::Connectivity::Full ? " full" : " face");
        int32_t count = 0;
        const data::InstanceVolume expected = data::label_components(mask, connectivity, &count);
        const RunComponents runs = run_components(mask, true, connectivity);
        EXPECT_EQ(runs.count, count) << what;
        EXPECT_EQ(paint(runs, g).voxels, expected.voxels) << what;
        std::vector<int64_t> sizes(static_cast<size_t>(count) + 1, 0);
        std::vector<bool> border(static_cast<size_t>(count) + 1, false);
        for (int64_t z = 0; z < g.nz(); ++z) {
          for (int64_t y = 0; y < g.ny(); ++y) {
            for (int64_t x = 0; x < g.nx(); ++x) {
              const int32_t id = expected.at(x, y, z);
              if (id == 0) continue;
              ++sizes[id];
              border[id] = border[id] || x == 0 || x == g.nx() - 1 || y == 0 || y == g.ny() - 1 ||
                           (g.nz() > 1 && (z == 0 || z == g.nz() - 1));
            }
          }
        }
        EXPECT_EQ(runs.size, sizes) << what;
        EXPECT_EQ(runs.border, border) << what;
      }
    }
  }
}

}  // namespace
}  // namespace hypera::core
