#pragma once
// Evaluation metrics on label and instance grids (hypera::data volumes). Prediction and ground truth must
// be on the same grid (InputError otherwise). Pure functions: thread-safe, one pass over the voxels.
//
// Empty convention (MONAI's DiceMetric with ignore_empty=False): when neither prediction nor ground
// truth contains the class, Dice and IoU are 1; when only one of them does, they are 0. The conventions of
// every metric are listed together in scores.h.
#include <cstdint>

#include "core/measure/object_overlap.h"
#include "data/io/volume.h"

namespace hypera::core {

struct OverlapCounts {
  int64_t tp = 0;  // voxels of class cls in both
  int64_t fp = 0;  // in the prediction only
  int64_t fn = 0;  // in the ground truth only

  OverlapCounts& operator+=(const OverlapCounts& o) {
    tp += o.tp;
    fp += o.fp;
    fn += o.fn;
    return *this;
  }
};

OverlapCounts overlap_counts(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls);

// From counts (so that counts summed over a data set give the global, "micro" score).
double dice(const OverlapCounts& counts);  // 2 tp / (2 tp + fp + fn), 1 when all are zero
double iou(const OverlapCounts& counts);   // tp / (tp + fp + fn), 1 when all are zero
// MONAI's ConfusionMatrixMetric: NaN when the denominator is zero (no predicted / no true voxel).
double precision(const OverlapCounts& counts);  // tp / (tp + fp)
double recall(const OverlapCounts& counts);     // tp / (tp + fn)
// 1 - |P - G| / (P + G), P = tp + fp, G = tp + fn; 1 when both are zero (as dice).
double volume_similarity(const OverlapCounts& counts);

double dice(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls);
double iou(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls);

// One-to-one object matching for instance segmentation (non-zero ids are objects; ids need not be
// consecutive). A predicted and a true object are a candidate pair when IoU > iou_threshold (strictly).
// Pairs are assigned greedily, highest IoU first (ties: smaller ground-truth id, then smaller predicted
// id), each object at most once. For iou_threshold >= 0.5 every object has at most one candidate, so
// the greedy assignment is the unique matching; below 0.5 it is greedy, not an optimal assignment.
// Unmatched predicted objects are fp, unmatched true objects fn.
// precision = tp / (tp + fp), recall = tp / (tp + fn), f1 = 2 tp / (2 tp + fp + fn); when both images have
// no object all three are 1, otherwise a 0/0 ratio is 0. mean_matched_iou is the mean IoU of the
// matched pairs (0 when there are none).
// Cost: one pass over the voxels building a sparse overlap table (hash map of the overlapping id pairs),
// then a sort of the candidate pairs.
struct ObjectMatchResult {
  int64_t tp = 0;
  int64_t fp = 0;
  int64_t fn = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double mean_matched_iou = 0;
};

ObjectMatchResult match_objects(const data::InstanceVolume& pred, const data::InstanceVolume& gt,
                                double iou_threshold = 0.5);
// The same from an overlap table built once (object_overlap.h), for several thresholds.
ObjectMatchResult match_objects(const ObjectOverlap& table, double iou_threshold);

}  // namespace hypera::core
