#pragma once
// Validation and test metrics of a model over a set of samples, computed on the final masks with every
// metric of core/measure (scores.h): the label metrics of the foreground (every non-background class; for
// data sets with instances, the foreground of the final instance masks: dice, iou, precision, recall,
// volume_similarity, hausdorff, hd95, assd, surface_dice, boundary_f1, shape of both masks, voxel counts),
// and for data sets with instances the object metrics of the final instance masks (f1/precision/recall at
// IoU 0.50 ... 0.95, mean_f1, splits, merges, missed, extra). ScoreOptions defaults: hd95, surface Dice
// tolerance 1 (spacing units), boundary F1 tolerance 2 pixels.
// Each value is the mean over samples as core::mean_values takes it: NaN skipped, +inf kept (scores.h lists
// the empty-mask conventions). The selection names of train.select_metric are among the keys:
//   dice       foreground Dice, mean over samples
//   object_f1  object F1 at IoU 0.5 (the same value as f1@0.50), data sets with instances only
#include <map>
#include <string>
#include <vector>

#include "core/measure/scores.h"
#include "comm/collective.h"
#include "core/train/segmentation_predictor.h"
#include "data/pipeline/sample_cache.h"

namespace hypera::core {

// Every metric of one sample: `predicted` holds class labels on the sample's grid (predict_labels). For a
// sample with instances, the labels become final instances (final_instances with `target`) that are scored
// against sample.instances; otherwise the foreground of `predicted` against that of sample.label. Names in
// the fixed order of scores.h (label metrics, then object metrics). Cost: the surface distances dominate
// (two exact distance transforms over the bounding box of both masks); a few ms for a 520x696 image.
// Thread-safe.
std::vector<NamedValue> score_sample(const data::LabelVolume& predicted, const data::Sample& sample,
                                     data::TargetKind target);

// Predicts the samples (the first `limit` when limit > 0) and returns metric name -> mean over them.
// Empty for no samples. Data parallel: rank r of `group` predicts the samples i with i % size == r, the
// per-metric sums and counts of not-NaN values are summed over the ranks (one collective, every rank
// calls it), and every rank returns the same means, equal to a one-rank evaluation up to double rounding.
// Cost: one prediction per sample of this rank plus score_sample.
std::map<std::string, double> evaluate(UNet& model, const data::SampleCache& samples, data::TargetKind target,
                                       const PredictionOptions& options, int64_t limit, comm::Collective& group);

}  // namespace hypera::core
