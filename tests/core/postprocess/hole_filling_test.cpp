#include "core/postprocess/hole_filling.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "core/postprocess/grid_text.h"
#include "data/io/components.h"
#include "support/input_error.h"

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

// The contract as written: label the background's face-connected components, fill those that touch no
// border face of the grid and have at most max_hole_size voxels.
data::LabelVolume reference_fill(const data::LabelVolume& mask, int64_t max_hole_size) {
  const data::Geometry& g = mask.geometry;
  data::LabelVolume background(g);
  for (size_t i = 0; i < mask.voxels.size(); ++i) background.voxels[i] = mask.voxels[i] == 0;
  int32_t count = 0;
  const data::InstanceVolume ids = data::label_components(background, data::Connectivity::Face, &count);
  std::vector<int64_t> size(static_cast<size_t>(count) + 1, 0);
  std::vector<bool> border(static_cast<size_t>(count) + 1, false);
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        const int32_t id = ids.at(x, y, z);
        ++size[id];
        border[id] = border[id] || x == 0 || x == g.nx() - 1 || y == 0 || y == g.ny() - 1 ||
                     (g.nz() > 1 && (z == 0 || z == g.nz() - 1));
      }
    }
  }
  data::LabelVolume out(g);
  for (size_t i = 0; i < out.voxels.size(); ++i) {
    const int32_t id = ids.voxels[i];
    out.voxels[i] = mask.voxels[i] != 0 || (!border[id] && size[id] <= max_hole_size);
  }
  return out;
}

TEST(HoleFilling, EqualsTheReferenceOnRandomMasks) {
  std::mt19937 rng(3);
  std::bernoulli_distribution foreground(0.62);
  for (const auto& size : {std::array<int64_t, 3>{47, 31, 1}, std::array<int64_t, 3>{1, 9, 1},
                           std::array<int64_t, 3>{13, 11, 9}, std::array<int64_t, 3>{9, 1, 7}}) {
    data::Geometry g;
    g.size = size;
    for (int trial = 0; trial < 4; ++trial) {
      data::LabelVolume mask(g);
      for (auto& v : mask.voxels) v = foreground(rng) ? 1 : 0;
      for (const int64_t max_size : {int64_t{1}, int64_t{2}, int64_t{5}, int64_t{1000000}}) {
        EXPECT_EQ(fill_holes(mask, max_size).voxels, reference_fill(mask, max_size).voxels)
            << g.nx() << "x" << g.ny() << "x" << g.nz() << " trial " << trial << " max " << max_size;
      }
    }
  }
}

}  // namespace
}  // namespace hypera::core
