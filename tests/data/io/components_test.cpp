#include "data/io/components.h"

#include <gtest/gtest.h>

#include <vector>

namespace hypera::data {
namespace {

template <class T>
Volume<T> grid(int64_t nx, int64_t ny, int64_t nz, const std::vector<T>& values) {
  Geometry g;
  g.size = {nx, ny, nz};
  Volume<T> v(g);
  EXPECT_EQ(values.size(), v.voxels.size());
  v.voxels = values;
  return v;
}

TEST(Components, FaceVersusFullIn2D) {
  const Volume<uint8_t> mask = grid<uint8_t>(4, 4, 1, {
      1, 0, 0, 1,
      0, 1, 0, 1,
      0, 0, 0, 0,
      1, 1, 0, 1,
  });
  int32_t count = -1;
  const InstanceVolume face = label_components(mask, Connectivity::Face, &count);
  EXPECT_EQ(count, 5);
  EXPECT_EQ(face.voxels, (std::vector<int32_t>{
      1, 0, 0, 2,
      0, 3, 0, 2,
      0, 0, 0, 0,
      4, 4, 0, 5,
  }));
  const InstanceVolume full = label_components(mask, Connectivity::Full, &count);
  EXPECT_EQ(count, 4);
  EXPECT_EQ(full.voxels, (std::vector<int32_t>{
      1, 0, 0, 2,
      0, 1, 0, 2,
      0, 0, 0, 0,
      3, 3, 0, 4,
  }));
  EXPECT_EQ(full.geometry.size, mask.geometry.size);
}

TEST(Components, OnlyEqualValuesConnect) {
  // Touching objects with different values stay apart (also diagonally); the U of 7s is one component
  // although its two arms meet only in the bottom row.
  const Volume<uint16_t> values = grid<uint16_t>(5, 3, 1, {
      7, 0, 7, 3, 3,
      7, 0, 7, 3, 0,
      7, 7, 7, 0, 9,
  });
  int32_t count = 0;
  const InstanceVolume ids = label_components(values, Connectivity::Full, &count);
  EXPECT_EQ(count, 3);
  EXPECT_EQ(ids.voxels, (std::vector<int32_t>{
      1, 0, 1, 2, 2,
      1, 0, 1, 2, 0,
      1, 1, 1, 0, 3,
  }));
}

TEST(Components, FaceVersusFullIn3D) {
  // Corner contact across z joins only with full connectivity; a face contact joins with both.
  std::vector<int32_t> values(3 * 3 * 2, 0);
  values[0] = 5;              // (0,0,0)
  values[9 + 4] = 5;          // (1,1,1): corner neighbour of (0,0,0)
  values[2] = 8;              // (2,0,0)
  values[9 + 2] = 8;          // (2,0,1): face neighbour of (2,0,0)
  const Volume<int32_t> volume = grid<int32_t>(3, 3, 2, values);
  int32_t face = 0, full = 0;
  const InstanceVolume face_ids = label_components(volume, Connectivity::Face, &face);
  const InstanceVolume full_ids = label_components(volume, Connectivity::Full, &full);
  EXPECT_EQ(face, 3);
  EXPECT_EQ(full, 2);
  EXPECT_EQ(face_ids.at(2, 0, 0), face_ids.at(2, 0, 1));
  EXPECT_NE(face_ids.at(0, 0, 0), face_ids.at(1, 1, 1));
  EXPECT_EQ(full_ids.at(0, 0, 0), full_ids.at(1, 1, 1));
  EXPECT_EQ(full_ids.at(0, 0, 0), 1);
  EXPECT_EQ(full_ids.at(2, 0, 0), 2);
}

TEST(Components, TwoDimensionalGridDoesNotWrapAroundRows) {
  // (3,0) and (0,1) are consecutive in memory but not neighbours.
  const Volume<uint8_t> mask = grid<uint8_t>(4, 2, 1, {0, 0, 0, 1, 1, 0, 0, 0});
  int32_t count = 0;
  label_components(mask, Connectivity::Full, &count);
  EXPECT_EQ(count, 2);
}

TEST(Components, LargeSingleComponentNeedsNoRecursion) {
  Geometry g;
  g.size = {696, 520, 3};
  const Volume<uint8_t> mask(g, 1);
  int32_t count = 0;
  const InstanceVolume ids = label_components(mask, Connectivity::Face, &count);
  EXPECT_EQ(count, 1);
  EXPECT_EQ(std::count(ids.voxels.begin(), ids.voxels.end(), 1), g.voxel_count());
}

}  // namespace
}  // namespace hypera::data
