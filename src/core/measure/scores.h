#pragma once
// The one entry point for evaluation: every segmentation metric of one (prediction, ground truth) pair,
// and every value as (name, value) pairs in a fixed order for JSON, CSV and tables.
//
// EMPTY MASKS (the class absent from the prediction, from the ground truth, or from both). Values follow
// MONAI 1.x (compute_dice with ignore_empty=False, ConfusionMatrixMetric, compute_hausdorff_distance,
// compute_average_surface_distance, compute_surface_dice):
//   metric              both empty   only prediction empty   only truth empty
//   dice, iou           1            0                       0
//   precision           NaN          NaN                     0
//   recall              NaN          0                       NaN
//   volume_similarity   1            0                       0
//   hausdorff, hd95     NaN          +inf                    +inf
//   assd                NaN          +inf                    +inf
//   surface_dice        NaN          0                       0
//   boundary_f1         NaN          0                       0
// NaN means "undefined: nothing to measure"; +inf means "no surface to measure the distance to".
// (MONAI returns NaN for hd95 with one mask empty only because it interpolates between infinite values;
// we return +inf, like its hausdorff.) volume_similarity and boundary_f1 are not in MONAI: they follow
// dice and surface_dice. Object-level scores: see object_scores.h (both empty: 1).
// JSON has no NaN or infinity: writers emit both as null; the entries pred_voxels and gt_voxels say
// which case it was. Means over images (finite_means.h) take the finite values only and count the NaN and
// infinite ones beside the mean (one missed structure does not make the mean distance infinite).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/measure/object_scores.h"
#include "core/measure/shape_metrics.h"
#include "data/io/volume.h"

namespace hypera::core {

struct ScoreOptions {
  uint8_t cls = 1;                        // the class scored: voxels equal to cls are the foreground
  double hd_percentile = 95;              // of hd95 (0..100), linear interpolation (numpy/torch default)
  double surface_dice_tolerance = 1.0;    // physical units (mm), distances <= tolerance count
  double boundary_f1_tolerance_px = 2.0;  // voxel units whatever the spacing, distances <= tolerance count
};

// Overlap: dice, iou (overlap_metrics.h); precision = tp / (tp + fp); recall = tp / (tp + fn);
// volume_similarity = 1 - |P - G| / (P + G) with P, G the voxel counts.
// Surface (surface_distances.h: surface = mask minus its erosion with the cross; distances between the
// two surfaces with the ground truth's spacing): hausdorff = the larger directed maximum; hd95 = the larger
// of the two directed hd_percentile-th percentiles; assd = mean over the union of both directed distance
// sets; surface_dice = (directed distances <= tolerance, both directions) / (both surface sizes), Nikolov
// et al. 2021 as MONAI with use_subvoxels=False; boundary_f1 = 2 P R / (P + R) with P the fraction of the
// prediction surface within the pixel tolerance of the truth surface and R the converse (Csurka et al.
// 2013), 0 when P + R = 0.
struct SegmentationScores {
  int64_t pred_voxels = 0;
  int64_t gt_voxels = 0;
  double dice = 0;
  double iou = 0;
  double precision = 0;
  double recall = 0;
  double volume_similarity = 0;
  double hausdorff = 0;
  double hd95 = 0;
  double assd = 0;
  double surface_dice = 0;
  double boundary_f1 = 0;
  ShapeScores pred_shape;
  ShapeScores gt_shape;
};

// pred and gt: same grid size (InputError otherwise); spacing from gt.geometry.spacing. InputError for a
// percentile outside [0, 100] or a negative or non-finite tolerance. Cost: a few passes over the grid and
// two exact distance transforms over the bounding box of both masks (four when the spacing is not 1 and
// the boundary F1 needs voxel units). Thread-safe.
SegmentationScores score_labels(const data::LabelVolume& pred, const data::LabelVolume& gt,
                                const ScoreOptions& options = {});

struct NamedValue {
  std::string name;
  double value;
};

// Fixed order and names (counts as doubles): pred_voxels, gt_voxels, dice, iou, precision, recall,
// volume_similarity, hausdorff, hd95, assd, surface_dice, boundary_f1, pred_components, pred_holes,
// pred_compactness, gt_components, gt_holes, gt_compactness.
std::vector<NamedValue> named_values(const SegmentationScores& scores);

// Fixed order: true_objects, predicted_objects, then for t in 0.50 ... 0.95 (name suffix "@0.50" ...
// "@0.95") f1, precision, recall; then mean_f1, splits, merges, missed, extra.
std::vector<NamedValue> named_values(const ObjectScores& scores);

}  // namespace hypera::core
