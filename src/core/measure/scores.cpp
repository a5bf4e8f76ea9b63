#include "core/measure/scores.h"

#include <cmath>
#include <cstdio>

#include "core/measure/overlap_metrics.h"
#include "core/measure/surface_metrics.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

void check_options(const ScoreOptions& o) {
  if (!(o.hd_percentile >= 0 && o.hd_percentile <= 100)) {
    throw InputError("hd percentile must be in [0, 100], got " + std::to_string(o.hd_percentile));
  }
  if (!(o.surface_dice_tolerance >= 0) || std::isinf(o.surface_dice_tolerance)) {
    throw InputError("surface dice tolerance must be a finite number >= 0, got " +
                     std::to_string(o.surface_dice_tolerance));
  }
  if (!(o.boundary_f1_tolerance_px >= 0) || std::isinf(o.boundary_f1_tolerance_px)) {
    throw InputError("boundary F1 tolerance must be a finite number >= 0 pixels, got " +
                     std::to_string(o.boundary_f1_tolerance_px));
  }
}

// Whether the spacing is 1 along every axis that has more than one voxel (voxel units = physical units).
bool unit_spacing(const data::Geometry& g) {
  for (int axis = 0; axis < 3; ++axis) {
    if (g.size[axis] > 1 && g.spacing[axis] != 1.0) return false;
  }
  return true;
}

std::string threshold_suffix(double t) {
  char text[16];
  std::snprintf(text, sizeof(text), "@%.2f", t);
  return text;
}

}  // namespace

SegmentationScores score_labels(const data::LabelVolume& pred, const data::LabelVolume& gt,
                                const ScoreOptions& options) {
  check_options(options);
  const OverlapCounts c = overlap_counts(pred, gt, options.cls);
  SegmentationScores s;
  s.pred_voxels = c.tp + c.fp;
  s.gt_voxels = c.tp + c.fn;
  s.dice = dice(c);
  s.iou = iou(c);
  s.precision = precision(c);
  s.recall = recall(c);
  s.volume_similarity = volume_similarity(c);

  const std::array<double, 3>& spacing = gt.geometry.spacing;
  const SurfaceDistances physical = surface_distances(pred, gt, options.cls, spacing);
  s.hausdorff = hausdorff(physical, 100);
  s.hd95 = hausdorff(physical, options.hd_percentile);
  s.assd = average_symmetric_surface_distance(physical);
  s.surface_dice = surface_dice(physical, options.surface_dice_tolerance);
  if (unit_spacing(gt.geometry)) {
    s.boundary_f1 = boundary_f1(physical, options.boundary_f1_tolerance_px);
  } else {
    const SurfaceDistances voxels = surface_distances(pred, gt, options.cls, {1, 1, 1});
    s.boundary_f1 = boundary_f1(voxels, options.boundary_f1_tolerance_px);
  }
  s.pred_shape = shape_scores(pred, options.cls);
  s.gt_shape = shape_scores(gt, options.cls);
  return s;
}

std::vector<NamedValue> named_values(const SegmentationScores& s) {
  const auto d = [](int64_t v) { return static_cast<double>(v); };
  return {{"pred_voxels", d(s.pred_voxels)},
          {"gt_voxels", d(s.gt_voxels)},
          {"dice", s.dice},
          {"iou", s.iou},
          {"precision", s.precision},
          {"recall", s.recall},
          {"volume_similarity", s.volume_similarity},
          {"hausdorff", s.hausdorff},
          {"hd95", s.hd95},
          {"assd", s.assd},
          {"surface_dice", s.surface_dice},
          {"boundary_f1", s.boundary_f1},
          {"pred_components", d(s.pred_shape.components)},
          {"pred_holes", d(s.pred_shape.holes)},
          {"pred_compactness", s.pred_shape.compactness},
          {"gt_components", d(s.gt_shape.components)},
          {"gt_holes", d(s.gt_shape.holes)},
          {"gt_compactness", s.gt_shape.compactness}};
}

std::vector<NamedValue> named_values(const ObjectScores& s) {
  std::vector<NamedValue> out{{"true_objects", static_cast<double>(s.true_objects)},
                              {"predicted_objects", static_cast<double>(s.predicted_objects)}};
  for (size_t i = 0; i < kObjectIouThresholds.size(); ++i) {
    const std::string suffix = threshold_suffix(kObjectIouThresholds[i]);
    out.push_back({"f1" + suffix, s.at[i].f1});
    out.push_back({"precision" + suffix, s.at[i].precision});
    out.push_back({"recall" + suffix, s.at[i].recall});
  }
  out.push_back({"mean_f1", s.mean_f1});
  out.push_back({"splits", static_cast<double>(s.splits)});
  out.push_back({"merges", static_cast<double>(s.merges)});
  out.push_back({"missed", static_cast<double>(s.missed)});
  out.push_back({"extra", static_cast<double>(s.extra)});
  return out;
}

}  // namespace hypera::core
