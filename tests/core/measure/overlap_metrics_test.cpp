#include "core/measure/overlap_metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "data/io/components.h"
#include "support/input_error.h"
#include "data/io/png_io.h"
#include "common/grid.h"
#include "common/real_data.h"

namespace hypera::core {
namespace {

using test::fill_box;
using test::grid;

TEST(Metrics, SquareShiftedByKPixels) {
  for (int64_t k = 0; k <= 10; ++k) {
    data::LabelVolume gt(grid(40, 30));
    data::LabelVolume pred(grid(40, 30));
    fill_box<uint8_t>(gt, 5, 5, 10, 10, 1);
    fill_box<uint8_t>(pred, 5 + k, 5, 10, 10, 1);
    const OverlapCounts c = overlap_counts(pred, gt, 1);
    EXPECT_EQ(c.tp, 10 * (10 - k));
    EXPECT_EQ(c.fp, 10 * k);
    EXPECT_EQ(c.fn, 10 * k);
    EXPECT_DOUBLE_EQ(dice(pred, gt, 1), (10.0 - k) / 10.0) << "k=" << k;
    EXPECT_DOUBLE_EQ(iou(pred, gt, 1), (10.0 - k) / (10.0 + k)) << "k=" << k;
    // Background class: 1200 voxels, 100 of them object in each.
    EXPECT_DOUBLE_EQ(dice(pred, gt, 0), 2.0 * (1100 - 10 * k) / 2200.0);
  }
}

TEST(Metrics, EmptyConventions) {
  data::LabelVolume empty(grid(8, 8));
  data::LabelVolume square(grid(8, 8));
  fill_box<uint8_t>(square, 2, 2, 3, 3, 1);
  EXPECT_DOUBLE_EQ(dice(empty, empty, 1), 1.0);
  EXPECT_DOUBLE_EQ(iou(empty, empty, 1), 1.0);
  EXPECT_DOUBLE_EQ(dice(square, empty, 1), 0.0);
  EXPECT_DOUBLE_EQ(dice(empty, square, 1), 0.0);
  EXPECT_DOUBLE_EQ(iou(empty, square, 1), 0.0);
  EXPECT_DOUBLE_EQ(dice(square, square, 2), 1.0);  // class 2 absent from both
  OverlapCounts total = overlap_counts(square, square, 1);
  total += overlap_counts(empty, square, 1);
  EXPECT_DOUBLE_EQ(dice(total), 2.0 * 9 / (2.0 * 9 + 9));
}

TEST(Metrics, GridMismatchIsInputError) {
  EXPECT_THROW(dice(data::LabelVolume(grid(8, 8)), data::LabelVolume(grid(8, 9)), 1), InputError);
  EXPECT_THROW(match_objects(data::InstanceVolume(grid(8, 8)), data::InstanceVolume(grid(8, 8, 2))), InputError);
  EXPECT_THROW(match_objects(data::InstanceVolume(grid(8, 8)), data::InstanceVolume(grid(8, 8)), 1.5), InputError);
}

// Ground truth: 1 split by the prediction into two halves, 2 and 3 merged into one prediction, 4 missed,
// 5 found exactly (under a large, non-consecutive id); prediction 30 is an extra object.
struct HandMadeScene {
  data::InstanceVolume gt{grid(40, 40)};
  data::InstanceVolume pred{grid(40, 40)};
  HandMadeScene() {
    fill_box<int32_t>(gt, 0, 0, 10, 4, 1);
    fill_box<int32_t>(pred, 0, 0, 5, 4, 10);
    fill_box<int32_t>(pred, 5, 0, 5, 4, 11);
    fill_box<int32_t>(gt, 0, 10, 5, 5, 2);
    fill_box<int32_t>(gt, 5, 10, 5, 5, 3);
    fill_box<int32_t>(pred, 0, 10, 10, 5, 20);
    fill_box<int32_t>(gt, 20, 0, 5, 5, 4);
    fill_box<int32_t>(gt, 30, 30, 6, 6, 5);
    fill_box<int32_t>(pred, 30, 30, 6, 6, 123456789);
    fill_box<int32_t>(pred, 20, 20, 5, 5, 30);
  }
};

TEST(ObjectMatching, SplitMergeMissedExtraAtHalf) {
  const HandMadeScene s;
  // Split halves and the merge have IoU exactly 0.5, which is not > 0.5: only object 5 matches.
  const ObjectMatchResult r = match_objects(s.pred, s.gt, 0.5);
  EXPECT_EQ(r.tp, 1);
  EXPECT_EQ(r.fp, 4);  // 10, 11, 20, 30
  EXPECT_EQ(r.fn, 4);  // 1, 2, 3, 4
  EXPECT_DOUBLE_EQ(r.precision, 0.2);
  EXPECT_DOUBLE_EQ(r.recall, 0.2);
  EXPECT_DOUBLE_EQ(r.f1, 0.2);
  EXPECT_DOUBLE_EQ(r.mean_matched_iou, 1.0);
}

TEST(ObjectMatching, GreedyBelowHalf) {
  const HandMadeScene s;
  // At 0.4 the split and the merge each match once (greedy, ties to the smaller id): 1-10 and 2-20.
  const ObjectMatchResult r = match_objects(s.pred, s.gt, 0.4);
  EXPECT_EQ(r.tp, 3);
  EXPECT_EQ(r.fp, 2);  // 11, 30
  EXPECT_EQ(r.fn, 2);  // 3, 4
  EXPECT_DOUBLE_EQ(r.precision, 0.6);
  EXPECT_DOUBLE_EQ(r.recall, 0.6);
  EXPECT_DOUBLE_EQ(r.f1, 0.6);
  EXPECT_DOUBLE_EQ(r.mean_matched_iou, (1.0 + 0.5 + 0.5) / 3);
}

TEST(ObjectMatching, GreedyTakesHighestIouFirst) {
  // One row: gt 1 = x 0..9, gt 2 = x 10..19; pred 8 = x 0..4, pred 7 = x 5..13.
  // IoU(8,1) = 5/10, IoU(7,1) = 5/14, IoU(7,2) = 4/15. Highest first matches 8-1, then 7-2; matching in id
  // order (7 first) would take 7-1 and leave both 8 and gt 2 unmatched.
  data::InstanceVolume gt(grid(30, 1));
  data::InstanceVolume pred(grid(30, 1));
  fill_box<int32_t>(gt, 0, 0, 10, 1, 1);
  fill_box<int32_t>(gt, 10, 0, 10, 1, 2);
  fill_box<int32_t>(pred, 0, 0, 5, 1, 8);
  fill_box<int32_t>(pred, 5, 0, 9, 1, 7);
  const ObjectMatchResult r = match_objects(pred, gt, 0.25);
  EXPECT_EQ(r.tp, 2);
  EXPECT_EQ(r.fp, 0);
  EXPECT_EQ(r.fn, 0);
  EXPECT_DOUBLE_EQ(r.mean_matched_iou, (0.5 + 4.0 / 15) / 2);
  EXPECT_EQ(match_objects(pred, gt, 0.3).tp, 1);  // 4/15 < 0.3: 7 has no partner left
}

TEST(ObjectMatching, EmptyImages) {
  const data::InstanceVolume empty(grid(10, 10));
  data::InstanceVolume one(grid(10, 10));
  fill_box<int32_t>(one, 2, 2, 3, 3, 1);
  const ObjectMatchResult both = match_objects(empty, empty);
  EXPECT_DOUBLE_EQ(both.precision, 1.0);
  EXPECT_DOUBLE_EQ(both.recall, 1.0);
  EXPECT_DOUBLE_EQ(both.f1, 1.0);
  const ObjectMatchResult missed = match_objects(empty, one);
  EXPECT_EQ(missed.fn, 1);
  EXPECT_DOUBLE_EQ(missed.precision, 0.0);
  EXPECT_DOUBLE_EQ(missed.recall, 0.0);
  EXPECT_DOUBLE_EQ(missed.f1, 0.0);
  const ObjectMatchResult extra = match_objects(one, empty);
  EXPECT_EQ(extra.fp, 1);
  EXPECT_DOUBLE_EQ(extra.f1, 0.0);
}

// Real BBBC039 masks: instances = components of equal non-zero red values, 8-connected.
data::InstanceVolume bbbc039_instances(const std::string& name) {
  const std::filesystem::path path = test::bbbc039_root() / "masks" / name;
  return data::label_components(data::read_png_channel(path, 0), data::Connectivity::Full);
}

// Reference matching at IoU > 0.5 (unique), from a dense overlap matrix of consecutive ids.
ObjectMatchResult dense_reference(const data::InstanceVolume& pred, const data::InstanceVolume& gt) {
  int32_t np = 0;
  int32_t ng = 0;
  for (size_t i = 0; i < pred.voxels.size(); ++i) {
    np = std::max(np, pred.voxels[i]);
    ng = std::max(ng, gt.voxels[i]);
  }
  std::vector<int64_t> table(static_cast<size_t>(np + 1) * (ng + 1), 0);
  for (size_t i = 0; i < pred.voxels.size(); ++i) {
    ++table[static_cast<size_t>(pred.voxels[i]) * (ng + 1) + gt.voxels[i]];
  }
  std::vector<int64_t> area_p(np + 1, 0);
  std::vector<int64_t> area_g(ng + 1, 0);
  for (int32_t p = 0; p <= np; ++p) {
    for (int32_t g = 0; g <= ng; ++g) {
      area_p[p] += table[p * (ng + 1) + g];
      area_g[g] += table[p * (ng + 1) + g];
    }
  }
  ObjectMatchResult r;
  for (int32_t p = 1; p <= np; ++p) {
    for (int32_t g = 1; g <= ng; ++g) {
      const int64_t inter = table[p * (ng + 1) + g];
      if (2 * inter > area_p[p] + area_g[g] - inter) ++r.tp;
    }
  }
  r.fp = np - r.tp;
  r.fn = ng - r.tp;
  return r;
}

TEST(ObjectMatching, RealNucleiAgainstDenseReferenceAndFast) {
  const data::InstanceVolume gt = bbbc039_instances("IXMtest_A02_s1_w1051DAA7C-7042-435F-99F0-1E847D9B42CB.png");
  ASSERT_EQ(gt.geometry.nx(), 696);
  ASSERT_EQ(gt.geometry.ny(), 520);
  const ObjectMatchResult self = match_objects(gt, gt);
  EXPECT_GT(self.tp, 50);
  EXPECT_EQ(self.fp, 0);
  EXPECT_DOUBLE_EQ(self.f1, 1.0);
  // A prediction that is the truth shifted by 4 pixels right and 3 down: small nuclei fall below 0.5.
  data::InstanceVolume shifted(gt.geometry, 0);
  for (int64_t y = 3; y < 520; ++y) {
    for (int64_t x = 4; x < 696; ++x) {
      shifted.at(x, y) = gt.at(x - 4, y - 3);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  const ObjectMatchResult r = match_objects(shifted, gt, 0.5);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const ObjectMatchResult expected = dense_reference(shifted, gt);
  EXPECT_EQ(r.tp, expected.tp);
  EXPECT_EQ(r.fp, expected.fp);
  EXPECT_EQ(r.fn, expected.fn);
  EXPECT_GT(r.tp, 0);
  EXPECT_GT(r.fn, 0);
  EXPECT_LT(ms, 500.0) << "match_objects on 520x696 took " << ms << " ms";
  RecordProperty("match_objects_ms", std::to_string(ms));
}

}  // namespace
}  // namespace hypera::core
