// Components by runs (components.h) against a plain flood fill of every voxel's neighbours, on hand-drawn and
// random grids in 2D and 3D, for both connectivities, binary and multi-valued, and for the background.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "data/io/components.h"

namespace hypera::data {
namespace {

// The reference: ids in scan order of each component's first voxel, by a depth-first flood fill over the
// 4/8 (2D) or 6/26 (3D) neighbours of equal value among the selected voxels.
template <class T>
InstanceVolume flood_fill(const Volume<T>& values, Connectivity connectivity, ComponentsOf which) {
  const Geometry& g = values.geometry;
  InstanceVolume ids(g);
  const auto selected = [&](int64_t i) { return (values.voxels[i] != T{}) == (which == ComponentsOf::NonZero); };
  int32_t next = 0;
  std::vector<int64_t> stack;
  for (int64_t seed = 0; seed < g.voxel_count(); ++seed) {
    if (!selected(seed) || ids.voxels[seed] != 0) continue;
    ids.voxels[seed] = ++next;
    stack.push_back(seed);
    while (!stack.empty()) {
      const int64_t at = stack.back();
      stack.pop_back();
      const int64_t x = at % g.nx(), y = (at / g.nx()) % g.ny(), z = at / (g.nx() * g.ny());
      for (int64_t dz = -1; dz <= 1; ++dz) {
        for (int64_t dy = -1; dy <= 1; ++dy) {
          for (int64_t dx = -1; dx <= 1; ++dx) {
            const int steps = (dx != 0) + (dy != 0) + (dz != 0);
            if (steps == 0 || (connectivity == Connectivity::Face && steps > 1)) continue;
            const int64_t px = x + dx, py = y + dy, pz = z + dz;
            if (px < 0 || py < 0 || pz < 0 || px >= g.nx() || py >= g.ny() || pz >= g.nz()) continue;
            const int64_t n = values.index(px, py, pz);
            if (ids.voxels[n] == 0 && selected(n) && values.voxels[n] == values.voxels[at]) {
              ids.voxels[n] = next;
              stack.push_back(n);
            }
          }
        }
      }
    }
  }
  return ids;
}

TEST(RunComponents, BackgroundComponentsAndTheirBorderFlags) {
  Geometry g;
  g.size = {5, 4, 1};
  Volume<uint8_t> mask(g);
  mask.voxels = {1, 1, 0, 1, 0,  //
                 0, 1, 1, 1, 1,  //
                 0, 1, 0, 1, 0,  //
                 0, 1, 1, 1, 0};
  const RunComponents background = run_components(mask, Connectivity::Face, ComponentsOf::Zero);
  EXPECT_EQ(background.count, 5);
  EXPECT_EQ(background.size, (std::vector<int64_t>{0, 1, 1, 3, 1, 2}));
  // (2, 2) is enclosed; the others touch the grid's border.
  EXPECT_EQ(background.border, (std::vector<bool>{false, true, true, true, false, true}));
}

// The same ids as the flood fill, sizes as counted and the border flag of every component as its voxels say.
TEST(RunComponents, EqualTheFloodFillOnRandomGrids) {
  std::mt19937 rng(11);
  for (const auto& size : {std::array<int64_t, 3>{53, 37, 1}, std::array<int64_t, 3>{1, 19, 1},
                           std::array<int64_t, 3>{12, 10, 9}, std::array<int64_t, 3>{7, 1, 8}}) {
    Geometry g;
    g.size = size;
    for (const int values : {1, 3}) {  // binary, or three touching object values
      for (const double density : {0.3, 0.55, 0.8}) {
        std::bernoulli_distribution on(density);
        std::uniform_int_distribution<int> value(1, values);
        Volume<uint16_t> grid(g);
        for (auto& v : grid.voxels) v = on(rng) ? uint16_t(value(rng)) : 0;
        for (const auto connectivity : {Connectivity::Face, Connectivity::Full}) {
          for (const auto which : {ComponentsOf::NonZero, ComponentsOf::Zero}) {
            const std::string what = std::to_string(g.nx()) + "x" + std::to_string(g.ny()) + "x" +
                                     std::to_string(g.nz()) + " values " + std::to_string(values) + " density " +
                                     std::to_string(density) + (connectivity == Connectivity::Full ? " full" : " face") +
                                     (which == ComponentsOf::Zero ? " background" : "");
            const InstanceVolume expected = flood_fill(grid, connectivity, which);
            const RunComponents runs = run_components(grid, connectivity, which);
            EXPECT_EQ(paint_components(runs, g).voxels, expected.voxels) << what;
            std::vector<int64_t> sizes(1, 0);
            std::vector<bool> border(1, false);
            for (int64_t z = 0; z < g.nz(); ++z) {
              for (int64_t y = 0; y < g.ny(); ++y) {
                for (int64_t x = 0; x < g.nx(); ++x) {
                  const int32_t id = expected.at(x, y, z);
                  if (id == 0) continue;
                  if (size_t(id) >= sizes.size()) sizes.resize(id + 1, 0), border.resize(id + 1, false);
                  ++sizes[id];
                  border[id] = border[id] || x == 0 || x == g.nx() - 1 || y == 0 || y == g.ny() - 1 ||
                               (g.nz() > 1 && (z == 0 || z == g.nz() - 1));
                }
              }
            }
            EXPECT_EQ(runs.count, int32_t(sizes.size()) - 1) << what;
            EXPECT_EQ(runs.size, sizes) << what;
            EXPECT_EQ(runs.border, border) << what;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace hypera::data
