#include "core/seg/instances.h"

#include <gtest/gtest.h>

#include <set>

#include "core/measure/overlap_metrics.h"
#include "support/input_error.h"
#include "common/grid.h"

namespace hypera::core {
namespace {

using test::grid;

// Paints a w x h x d box: its outer shell with `shell`, the inside with `inside`.
void paint_object(data::LabelVolume& v, int64_t x0, int64_t y0, int64_t z0, int64_t w, int64_t h, int64_t d,
                  uint8_t inside, uint8_t shell) {
  const bool is3d = v.geometry.nz() > 1;
  for (int64_t z = z0; z < z0 + d; ++z) {
    for (int64_t y = y0; y < y0 + h; ++y) {
      for (int64_t x = x0; x < x0 + w; ++x) {
        const bool edge = x == x0 || y == y0 || x == x0 + w - 1 || y == y0 + h - 1 ||
                          (is3d && (z == z0 || z == z0 + d - 1));
        v.at(x, y, z) = edge ? shell : inside;
      }
    }
  }
}

int32_t max_id(const data::InstanceVolume& v) {
  int32_t m = 0;
  for (int32_t id : v.voxels) m = std::max(m, id);
  return m;
}

TEST(Instances, ForegroundComponentsMergeTouchingObjects) {
  data::LabelVolume labels(grid(20, 12));
  paint_object(labels, 1, 1, 0, 8, 8, 1, 1, 2);
  paint_object(labels, 9, 1, 0, 8, 8, 1, 1, 2);   // touches the first
  paint_object(labels, 18, 10, 0, 2, 2, 1, 1, 1);  // separate
  const data::InstanceVolume inst = instances_from_foreground(labels);
  EXPECT_EQ(max_id(inst), 2);
  EXPECT_EQ(inst.at(1, 1), inst.at(16, 8));
  EXPECT_NE(inst.at(1, 1), inst.at(18, 10));
  EXPECT_EQ(inst.at(0, 0), 0);
}

TEST(Instances, ThreeClassSeparatesTwoTouchingSquares) {
  data::LabelVolume classes(grid(20, 12));
  data::InstanceVolume truth(grid(20, 12));
  paint_object(classes, 1, 1, 0, 8, 8, 1, 1, 2);
  paint_object(classes, 9, 1, 0, 8, 8, 1, 1, 2);  // boundaries touch along x = 8 | 9
  for (int64_t y = 1; y < 9; ++y) {
    for (int64_t x = 1; x < 17; ++x) truth.at(x, y) = x < 9 ? 1 : 2;
  }
  const data::InstanceVolume inst = instances_from_three_class(classes);
  EXPECT_EQ(max_id(inst), 2);
  EXPECT_EQ(inst.voxels, truth.voxels);  // every boundary pixel went to its own square
  const ObjectMatchResult m = match_objects(inst, truth, 0.5);
  EXPECT_EQ(m.tp, 2);
  EXPECT_DOUBLE_EQ(m.mean_matched_iou, 1.0);
  EXPECT_EQ(max_id(instances_from_foreground(classes)), 1);  // what the three classes buy
}

TEST(Instances, ThreeClassSeparatesTouchingCubes3d) {
  data::LabelVolume classes(grid(14, 8, 8));
  paint_object(classes, 0, 0, 0, 7, 7, 7, 1, 2);
  paint_object(classes, 7, 0, 0, 7, 7, 7, 1, 2);
  const data::InstanceVolume inst = instances_from_three_class(classes, {1, data::Connectivity::Face});
  EXPECT_EQ(max_id(inst), 2);
  std::set<int32_t> left;
  std::set<int32_t> right;
  for (int64_t z = 0; z < 7; ++z) {
    for (int64_t y = 0; y < 7; ++y) {
      for (int64_t x = 0; x < 7; ++x) {
        left.insert(inst.at(x, y, z));
        right.insert(inst.at(x + 7, y, z));
      }
    }
  }
  EXPECT_EQ(left, std::set<int32_t>{1});
  EXPECT_EQ(right, std::set<int32_t>{2});
}

TEST(Instances, TinySeedsAreDroppedAndTheirVoxelsJoinANeighbour) {
  data::LabelVolume classes(grid(30, 12));
  paint_object(classes, 1, 1, 0, 8, 8, 1, 1, 2);    // 36-pixel interior
  paint_object(classes, 12, 1, 0, 3, 3, 1, 1, 2);   // 1-pixel interior, isolated
  paint_object(classes, 20, 1, 0, 6, 6, 1, 2, 2);   // boundary only: no seed
  classes.at(4, 4) = 1;                             // part of the big seed already
  ThreeClassOptions options;
  options.min_seed_size = 2;
  const data::InstanceVolume inst = instances_from_three_class(classes, options);
  EXPECT_EQ(max_id(inst), 1);            // only the big square survives
  EXPECT_EQ(inst.at(13, 2), 0);          // dropped seed, not reachable from a kept seed
  EXPECT_EQ(inst.at(22, 3), 0);          // boundary without seed
  options.min_seed_size = 1;
  EXPECT_EQ(max_id(instances_from_three_class(classes, options)), 2);
  // A dropped seed inside a kept object's growth region joins it.
  options.min_seed_size = 2;
  data::LabelVolume joined(grid(12, 5));
  paint_object(joined, 0, 0, 0, 12, 5, 1, 2, 2);
  for (int64_t x = 1; x < 6; ++x) joined.at(x, 2) = 1;  // 5-pixel seed
  joined.at(9, 2) = 1;                                   // 1-pixel seed, dropped at min 2
  const data::InstanceVolume grown = instances_from_three_class(joined, options);
  EXPECT_EQ(max_id(grown), 1);
  EXPECT_EQ(grown.at(9, 2), 1);
  EXPECT_EQ(grown.at(11, 4), 1);
}

TEST(Instances, BadInputsAreInputErrors) {
  data::LabelVolume classes(grid(4, 4));
  classes.at(1, 1) = 3;
  EXPECT_THROW(instances_from_three_class(classes), InputError);
  ThreeClassOptions options;
  options.min_seed_size = -1;
  EXPECT_THROW(instances_from_three_class(data::LabelVolume(grid(4, 4)), options), InputError);
}

}  // namespace
}  // namespace hypera::core
