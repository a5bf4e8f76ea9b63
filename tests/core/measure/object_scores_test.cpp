#include "core/measure/object_scores.h"

#include <gtest/gtest.h>

#include <string>

#include "core/measure/scores.h"
#include "data/io/components.h"
#include "support/input_error.h"
#include "data/io/png_io.h"
#include "common/grid.h"
#include "common/real_data.h"

namespace hypera::core {
namespace {

using test::fill_box;
using test::grid;

// Truth 1 split into two halves, 2 and 3 merged, 4 missed, 5 exact, 6 found at IoU 0.8 (80 of its 100
// pixels); prediction 30 is extra, 40 a sliver on truth 5's neighbour 7 too small to count as a split.
struct Scene {
  data::InstanceVolume gt{grid(60, 40)};
  data::InstanceVolume pred{grid(60, 40)};
  Scene() {
    fill_box(gt, 0, 0, 10, 4, 1);
    fill_box(pred, 0, 0, 5, 4, 10);
    fill_box(pred, 5, 0, 5, 4, 11);
    fill_box(gt, 0, 10, 5, 5, 2);
    fill_box(gt, 5, 10, 5, 5, 3);
    fill_box(pred, 0, 10, 10, 5, 20);
    fill_box(gt, 20, 0, 5, 5, 4);
    fill_box(gt, 30, 30, 6, 6, 5);
    fill_box(pred, 30, 30, 6, 6, 123456789);
    fill_box(pred, 20, 20, 5, 5, 30);
    fill_box(gt, 40, 0, 10, 10, 6);
    fill_box(pred, 40, 0, 10, 8, 60);
    fill_box(gt, 40, 20, 10, 10, 7);
    fill_box(pred, 40, 20, 10, 9, 70);
    fill_box(pred, 40, 29, 5, 1, 40);  // 5 pixels, 5% of truth 7
  }
};

TEST(ObjectScores, SplitsMergesMissedExtraAndThresholds) {
  const Scene s;
  const ObjectScores r = score_instances(s.pred, s.gt);
  EXPECT_EQ(r.true_objects, 7);
  EXPECT_EQ(r.predicted_objects, 8);
  EXPECT_EQ(r.splits, 1);
  EXPECT_EQ(r.merges, 1);
  EXPECT_EQ(r.missed, 1);
  EXPECT_EQ(r.extra, 1);
  // Matches: 5 (IoU 1), 7-70 (IoU 0.9), 6-60 (IoU 0.8). Strictly greater than t.
  for (size_t i = 0; i < kObjectIouThresholds.size(); ++i) {
    const double t = kObjectIouThresholds[i];
    const int64_t tp = 1 + (t < 0.9 ? 1 : 0) + (t < 0.8 ? 1 : 0);
    EXPECT_EQ(r.at[i].tp, tp) << "t=" << t;
    EXPECT_EQ(r.at[i].fp, 8 - tp);
    EXPECT_EQ(r.at[i].fn, 7 - tp);
    EXPECT_DOUBLE_EQ(r.at[i].f1, 2.0 * tp / 15.0);
  }
  EXPECT_DOUBLE_EQ(r.mean_f1, (6 * 6.0 / 15 + 2 * 4.0 / 15 + 2 * 2.0 / 15) / 10);
  const auto named = named_values(r);
  ASSERT_EQ(named.size(), 2u + 30u + 5u);
  EXPECT_EQ(named[2].name, "f1@0.50");
  EXPECT_EQ(named[31].name, "recall@0.95");
  EXPECT_DOUBLE_EQ(named[31].value, 1.0 / 7.0);
  EXPECT_EQ(named.back().name, "extra");
}

TEST(ObjectScores, EmptyAndMismatch) {
  const data::InstanceVolume empty(grid(10, 10));
  const ObjectScores r = score_instances(empty, empty);
  EXPECT_DOUBLE_EQ(r.mean_f1, 1.0);
  EXPECT_EQ(r.missed + r.extra + r.splits + r.merges, 0);
  EXPECT_THROW(score_instances(empty, data::InstanceVolume(grid(10, 11))), InputError);
}

TEST(ObjectScores, RealNucleiShifted) {
  const auto path = test::bbbc039_root() / "masks" / "IXMtest_A02_s1_w1051DAA7C-7042-435F-99F0-1E847D9B42CB.png";
  const auto red = data::read_png_channel(path, 0);
  const data::InstanceVolume gt = data::label_components(red, data::Connectivity::Full);
  const ObjectScores self = score_instances(gt, gt);
  EXPECT_GT(self.true_objects, 50);
  EXPECT_DOUBLE_EQ(self.mean_f1, 1.0);
  EXPECT_EQ(self.splits + self.merges + self.missed + self.extra, 0);

  data::InstanceVolume shifted(gt.geometry, 0);
  for (int64_t y = 3; y < gt.geometry.ny(); ++y) {
    for (int64_t x = 4; x < gt.geometry.nx(); ++x) shifted.at(x, y) = gt.at(x - 4, y - 3);
  }
  const ObjectScores r = score_instances(shifted, gt);
  EXPECT_EQ(r.at[0].tp, match_objects(shifted, gt, 0.5).tp);
  EXPECT_GT(r.at[0].f1, r.at[9].f1);  // a shift by 5 pixels loses the high thresholds first
  EXPECT_GT(r.mean_f1, 0.0);
  EXPECT_LT(r.mean_f1, 1.0);

  // Binary masks: the truth inside a 10-pixel frame, and its translate by (4, 3). Nothing is clipped, so
  // every surface point moves by exactly 5 pixels: no surface distance exceeds 5.
  data::LabelVolume fg_gt(gt.geometry);
  data::LabelVolume fg_shifted(gt.geometry);
  for (int64_t y = 10; y < gt.geometry.ny() - 10; ++y) {
    for (int64_t x = 10; x < gt.geometry.nx() - 10; ++x) {
      fg_gt.at(x, y) = gt.at(x, y) != 0;
      fg_shifted.at(x + 4, y + 3) = gt.at(x, y) != 0;
    }
  }
  const SegmentationScores s = score_labels(fg_shifted, fg_gt);
  EXPECT_GT(s.hausdorff, 3.0);
  EXPECT_LE(s.hausdorff, 5.0);
  EXPECT_LE(s.hd95, s.hausdorff);
  EXPECT_GT(s.assd, 0.5);
  EXPECT_LT(s.assd, s.hd95);
  EXPECT_GT(s.dice, 0.3);
  EXPECT_LT(s.dice, 1.0);
  // Touching nuclei (different ids) form one binary component.
  EXPECT_GT(s.gt_shape.components, self.true_objects / 2);
  EXPECT_LE(s.gt_shape.components, self.true_objects);
}

}  // namespace
}  // namespace hypera::core
