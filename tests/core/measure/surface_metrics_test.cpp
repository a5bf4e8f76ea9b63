#include "core/measure/surface_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/measure/scores.h"
#include "support/input_error.h"
#include "common/grid.h"

namespace hypera::core {
namespace {

using test::fill_box;
using test::grid;

TEST(MaskSurface, CrossErosionAndBorder) {
  data::LabelVolume m(grid(7, 6));
  fill_box(m, 1, 1, 4, 3);  // 4 x 3 box: only its two middle pixels are interior
  m.at(6, 5) = 1;           // a pixel at the grid corner is surface
  m.at(0, 5) = 2;           // another class is not
  const data::LabelVolume s = mask_surface(m, 1);
  int64_t count = 0;
  for (const uint8_t v : s.voxels) count += v;
  EXPECT_EQ(count, 12 - 2 + 1);
  EXPECT_EQ(s.at(2, 2), 0);
  EXPECT_EQ(s.at(3, 2), 0);
  EXPECT_EQ(s.at(1, 1), 1);
  EXPECT_EQ(s.at(6, 5), 1);
  EXPECT_EQ(s.at(0, 5), 0);
  // A full grid: its border is surface (outside counts as background), its inside not.
  const data::LabelVolume full(grid(5, 4, 3), 1);
  const data::LabelVolume fs = mask_surface(full, 1);
  EXPECT_EQ(fs.at(2, 2, 1), 0);
  EXPECT_EQ(fs.at(2, 1, 0), 1);
  EXPECT_EQ(fs.at(0, 2, 1), 1);
}

TEST(MaskSurface, OneSliceOfAVolumeIsAllSurface) {
  // In 3D the slices above and below are background, so a one-slice-thick square is surface everywhere,
  // also when the distances are computed on the crop around it (which is one slice thick).
  data::LabelVolume a(grid(12, 12, 5));
  data::LabelVolume b(grid(12, 12, 5));
  for (int64_t y = 2; y < 8; ++y) {
    for (int64_t x = 2; x < 8; ++x) {
      a.at(x, y, 2) = 1;
      b.at(x + 1, y, 2) = 1;
    }
  }
  int64_t count = 0;
  for (const uint8_t v : mask_surface(a, 1).voxels) count += v;
  EXPECT_EQ(count, 36);
  const SurfaceDistances d = surface_distances(a, b, 1, {1, 1, 1});
  EXPECT_EQ(d.from_pred.size(), 36u);
  EXPECT_EQ(d.from_gt.size(), 36u);
  EXPECT_DOUBLE_EQ(hausdorff(d, 100), 1.0);
  EXPECT_DOUBLE_EQ(average_symmetric_surface_distance(d), 12.0 / 72.0);  // 6 columns per side at 1
}

TEST(SurfaceMetrics, SquareShiftedByKPixels) {
  for (int64_t k = 1; k <= 6; ++k) {
    data::LabelVolume gt(grid(40, 30));
    data::LabelVolume pred(grid(40, 30));
    fill_box(gt, 5, 5, 10, 10);
    fill_box(pred, 5 + k, 5, 10, 10);
    const SurfaceDistances d = surface_distances(pred, gt, 1, {1, 1, 1});
    ASSERT_EQ(d.from_pred.size(), 36u);
    ASSERT_EQ(d.from_gt.size(), 36u);
    EXPECT_DOUBLE_EQ(hausdorff(d, 100), static_cast<double>(k)) << "k=" << k;
    // The ASSD by brute force over the two 36-pixel square outlines.
    std::vector<double> expected;
    for (int64_t y = 5; y < 15; ++y) {
      for (int64_t x = 5 + k; x < 15 + k; ++x) {
        const bool on_surface = y == 5 || y == 14 || x == 5 + k || x == 14 + k;
        if (!on_surface) continue;
        double best = 1e9;
        for (int64_t gy = 5; gy < 15; ++gy) {
          for (int64_t gx = 5; gx < 15; ++gx) {
            if (gy == 5 || gy == 14 || gx == 5 || gx == 14) best = std::min(best, std::hypot(x - gx, y - gy));
          }
        }
        expected.push_back(best);
      }
    }
    double sum = 0;
    for (const double e : expected) sum += e;
    // Symmetric by construction (the shift mirrors), so the ASSD is the directed mean.
    EXPECT_NEAR(average_symmetric_surface_distance(d), sum / expected.size(), 1e-12) << "k=" << k;
  }
}

TEST(SurfaceMetrics, PercentileIsLinearInterpolation) {
  SurfaceDistances d;
  d.from_pred = {4, 0, 1, 2, 3};      // sorted 0..4: the 95th percentile is at rank 3.8 -> 3.8
  d.from_gt = {10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // rank 9.5 between 0 and 10 -> 5
  EXPECT_DOUBLE_EQ(hausdorff(d, 95), 5.0);
  EXPECT_DOUBLE_EQ(hausdorff(d, 100), 10.0);
  EXPECT_DOUBLE_EQ(hausdorff(d, 50), 2.0);
  d.from_gt = {1};
  EXPECT_DOUBLE_EQ(hausdorff(d, 95), 3.8);
  EXPECT_DOUBLE_EQ(average_symmetric_surface_distance(d), 11.0 / 6.0);
  EXPECT_DOUBLE_EQ(surface_dice(d, 1.0), 3.0 / 6.0);
  // P = 2/5 within 1, R = 1: F1 = 2 * 0.4 / 1.4.
  EXPECT_DOUBLE_EQ(boundary_f1(d, 1.0), 0.8 / 1.4);
  EXPECT_DOUBLE_EQ(boundary_f1(d, 0.5), 0.0);  // R = 0: the one truth distance (1) exceeds 0.5
}

TEST(SurfaceMetrics, DiskAgainstShiftedDisk) {
  // Two digital disks of radius 10, one shifted by 3 pixels along x: the Hausdorff distance is 3 (the
  // leftmost and rightmost surface points), and every surface distance is at most 3.
  data::LabelVolume a(grid(50, 50));
  data::LabelVolume b(grid(50, 50));
  for (int64_t y = 0; y < 50; ++y) {
    for (int64_t x = 0; x < 50; ++x) {
      a.at(x, y) = (x - 20) * (x - 20) + (y - 25) * (y - 25) <= 100;
      b.at(x, y) = (x - 23) * (x - 23) + (y - 25) * (y - 25) <= 100;
    }
  }
  const SurfaceDistances d = surface_distances(a, b, 1, {1, 1, 1});
  EXPECT_DOUBLE_EQ(hausdorff(d, 100), 3.0);
  EXPECT_GT(average_symmetric_surface_distance(d), 0.5);
  EXPECT_LT(average_symmetric_surface_distance(d), 3.0);
  EXPECT_DOUBLE_EQ(surface_dice(d, 3.0), 1.0);
  EXPECT_LT(surface_dice(d, 1.0), 1.0);
}

TEST(SurfaceMetrics, AnisotropicSpacingAndBoundaryF1InPixels) {
  // A box shifted by 2 voxels along y with spacing (0.5, 3, 1): HD is 2 * 3 = 6 mm, but the boundary F1
  // tolerance is in pixels: 2 pixels accept every distance.
  data::Geometry g = grid(20, 20);
  g.spacing = {0.5, 3.0, 1.0};
  data::LabelVolume gt(g);
  data::LabelVolume pred(g);
  fill_box(gt, 4, 4, 8, 6);
  fill_box(pred, 4, 6, 8, 6);
  ScoreOptions o;
  o.surface_dice_tolerance = 3.0;
  o.boundary_f1_tolerance_px = 2.0;
  const SegmentationScores s = score_labels(pred, gt, o);
  EXPECT_DOUBLE_EQ(s.hausdorff, 6.0);
  EXPECT_DOUBLE_EQ(s.hd95, 6.0);
  EXPECT_DOUBLE_EQ(s.boundary_f1, 1.0);
  EXPECT_LT(s.surface_dice, 1.0);
  o.boundary_f1_tolerance_px = 1.0;
  EXPECT_LT(score_labels(pred, gt, o).boundary_f1, 1.0);
  // The same shift along x costs 2 * 0.5 = 1 mm.
  data::LabelVolume pred_x(g);
  fill_box(pred_x, 6, 4, 8, 6);
  EXPECT_DOUBLE_EQ(score_labels(pred_x, gt).hausdorff, 1.0);
}

TEST(SurfaceMetrics, BallIn3DWithAnisotropicSpacing) {
  // A ball and the same ball shifted by one slice along z (spacing 2.5 mm): HD = 2.5 mm.
  data::Geometry g = grid(24, 24, 16);
  g.spacing = {1.0, 1.0, 2.5};
  data::LabelVolume a(g);
  data::LabelVolume b(g);
  for (int64_t z = 0; z < 16; ++z) {
    for (int64_t y = 0; y < 24; ++y) {
      for (int64_t x = 0; x < 24; ++x) {
        const auto r2 = [&](int64_t cz) {
          const double dz = (z - cz) * 2.5;
          return (x - 12) * (x - 12) + (y - 12) * (y - 12) + dz * dz;
        };
        a.at(x, y, z) = r2(7) <= 64;
        b.at(x, y, z) = r2(8) <= 64;
      }
    }
  }
  const SegmentationScores s = score_labels(a, b);
  EXPECT_DOUBLE_EQ(s.hausdorff, 2.5);
  EXPECT_GT(s.assd, 0.0);
  EXPECT_LE(s.assd, 2.5);
  EXPECT_DOUBLE_EQ(s.surface_dice, score_labels(b, a).surface_dice);
}

TEST(SurfaceMetrics, EmptyMaskConventions) {
  const data::LabelVolume empty(grid(12, 12));
  data::LabelVolume square(grid(12, 12));
  fill_box(square, 3, 3, 4, 4);
  const double inf = std::numeric_limits<double>::infinity();

  const SegmentationScores both = score_labels(empty, empty);
  EXPECT_DOUBLE_EQ(both.dice, 1.0);
  EXPECT_DOUBLE_EQ(both.iou, 1.0);
  EXPECT_TRUE(std::isnan(both.precision));
  EXPECT_TRUE(std::isnan(both.recall));
  EXPECT_DOUBLE_EQ(both.volume_similarity, 1.0);
  EXPECT_TRUE(std::isnan(both.hausdorff));
  EXPECT_TRUE(std::isnan(both.hd95));
  EXPECT_TRUE(std::isnan(both.assd));
  EXPECT_TRUE(std::isnan(both.surface_dice));
  EXPECT_TRUE(std::isnan(both.boundary_f1));
  EXPECT_EQ(both.pred_shape.components, 0);
  EXPECT_TRUE(std::isnan(both.pred_shape.compactness));

  const SegmentationScores no_pred = score_labels(empty, square);
  EXPECT_DOUBLE_EQ(no_pred.dice, 0.0);
  EXPECT_TRUE(std::isnan(no_pred.precision));
  EXPECT_DOUBLE_EQ(no_pred.recall, 0.0);
  EXPECT_DOUBLE_EQ(no_pred.volume_similarity, 0.0);
  EXPECT_EQ(no_pred.hausdorff, inf);
  EXPECT_EQ(no_pred.hd95, inf);
  EXPECT_EQ(no_pred.assd, inf);
  EXPECT_DOUBLE_EQ(no_pred.surface_dice, 0.0);
  EXPECT_DOUBLE_EQ(no_pred.boundary_f1, 0.0);

  const SegmentationScores no_gt = score_labels(square, empty);
  EXPECT_DOUBLE_EQ(no_gt.dice, 0.0);
  EXPECT_DOUBLE_EQ(no_gt.precision, 0.0);
  EXPECT_TRUE(std::isnan(no_gt.recall));
  EXPECT_DOUBLE_EQ(no_gt.volume_similarity, 0.0);
  EXPECT_EQ(no_gt.hausdorff, inf);
  EXPECT_EQ(no_gt.hd95, inf);
  EXPECT_EQ(no_gt.assd, inf);
  EXPECT_DOUBLE_EQ(no_gt.surface_dice, 0.0);
  EXPECT_DOUBLE_EQ(no_gt.boundary_f1, 0.0);
}

TEST(Scores, OverlapValuesOfAShiftedSquare) {
  data::LabelVolume gt(grid(40, 30));
  data::LabelVolume pred(grid(40, 30));
  fill_box(gt, 5, 5, 10, 10);
  fill_box(pred, 8, 5, 10, 12);  // 120 voxels, 70 of them on the truth
  const SegmentationScores s = score_labels(pred, gt);
  EXPECT_EQ(s.pred_voxels, 120);
  EXPECT_EQ(s.gt_voxels, 100);
  EXPECT_DOUBLE_EQ(s.precision, 70.0 / 120.0);
  EXPECT_DOUBLE_EQ(s.recall, 70.0 / 100.0);
  EXPECT_DOUBLE_EQ(s.volume_similarity, 1.0 - 20.0 / 220.0);
  EXPECT_DOUBLE_EQ(s.dice, 140.0 / 220.0);
  EXPECT_DOUBLE_EQ(s.hausdorff, std::hypot(3.0, 2.0));  // pred's bottom-right corner (17, 16) to (14, 14)
}

TEST(Scores, NamedValuesAndOptions) {
  data::LabelVolume gt(grid(20, 20));
  data::LabelVolume pred(grid(20, 20));
  fill_box(gt, 2, 2, 6, 6);
  fill_box(pred, 3, 2, 6, 6);
  const auto row = named_values(score_labels(pred, gt));
  ASSERT_EQ(row.size(), 18u);
  EXPECT_EQ(row[0].name, "pred_voxels");
  EXPECT_EQ(row[8].name, "hd95");
  EXPECT_DOUBLE_EQ(row[7].value, 1.0);
  EXPECT_EQ(row[17].name, "gt_compactness");
  ScoreOptions bad;
  bad.hd_percentile = 101;
  EXPECT_THROW(score_labels(pred, gt, bad), InputError);
  bad = ScoreOptions{};
  bad.surface_dice_tolerance = -1;
  EXPECT_THROW(score_labels(pred, gt, bad), InputError);
  EXPECT_THROW(score_labels(pred, data::LabelVolume(grid(20, 21))), InputError);
}

}  // namespace
}  // namespace hypera::core
