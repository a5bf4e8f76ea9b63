#pragma once
// Validation and test metrics of a model over a set of samples, computed on the final masks with every
// metric of core/measure (scores.h): the label metrics of the foreground (every non-background class; for
// data sets with instances, the foreground of the final instance masks: dice, iou, precision, recall,
// volume_similarity, hausdorff, hd95, assd, surface_dice, boundary_f1, shape of both masks, voxel counts),
// and for data sets with instances the object metrics of the final instance masks (f1/precision/recall at
// IoU 0.50 ... 0.95, mean_f1, splits, merges, missed, extra). ScoreOptions defaults: hd95, surface Dice
// tolerance 1 (spacing units), boundary F1 tolerance 2 pixels.
// THE RESULT OF evaluate (a map name -> number; summary.json's "final_validation" and "test", metrics.csv's
// val_* columns, TensorBoard's val/*, the console's headline line):
//   <metric>            the mean over the samples where the metric is finite (finite_means.h); NaN when it
//                       is finite for no sample. Never infinite. (scores.h lists the empty-mask cases that
//                       give NaN or +inf, e.g. hd95 +inf for an empty prediction or an empty mask.)
//   <metric>_nonfinite  the number of samples where the metric was NaN or +-inf, summed over the ranks;
//                       present only when that number is at least 1 (absent means 0). Same for every rank.
//   samples             the number of samples evaluated (over all ranks), the denominator of those counts.
// The selection names of train.select_metric are among the keys:
//   dice       foreground Dice, mean over samples
//   object_f1  object F1 at IoU 0.5 (the same value as f1@0.50, and object_f1_nonfinite as
//              f1@0.50_nonfinite), data sets with instances only
//   mean_dice  the mean over the samples of each sample's mean Dice over the foreground classes (target
//              classes only; dice_<class> and hd95_<class> beside it, score_sample)
#include <map>
#include <string>
#include <vector>

#include "core/measure/scores.h"
#include "comm/collective.h"
#include "core/measure/finite_means.h"
#include "core/train/segmentation_predictor.h"
#include "data/pipeline/sample_cache.h"

namespace hypera::core {

// Every metric of one sample: `predicted` holds class labels on the sample's grid (predict_labels). For a
// sample with instances, the labels become final instances (final_instances with `target`) that are scored
// against sample.instances; otherwise the foreground of `predicted` against that of sample.label. Names in
// the fixed order of scores.h (label metrics, then object metrics). For target classes (no instances) the
// per-class scores follow: dice_<name> and hd95_<name> of every foreground class of `class_names` (the data
// set's, PreparedInfo::class_names; unused for other targets), then mean_dice and mean_hd95, the means over the
// classes whose value is finite in this sample (a class absent from both masks has Dice 1, scores.h).
// Cost: the surface distances dominate (two exact distance transforms over the bounding box of both masks,
// once more per class for classes); a few ms for a 520x696 image. Thread-safe.
std::vector<NamedValue> score_sample(const data::LabelVolume& predicted, const data::Sample& sample,
                                     data::TargetKind target, const std::vector<std::string>& class_names);

// The key of evaluate's result that holds the number of samples evaluated.
inline constexpr const char* kSampleCountKey = "samples";

// Predicts the samples (the first `limit` when limit > 0) and returns the metrics described at the top.
// Empty for no samples. Data parallel: rank r of `group` predicts the samples i with i % size == r, the
// per-metric sums and counts of finite values and counts of non-finite ones are summed over the ranks (one
// collective of the same length on every rank, zeros from a rank without samples; every rank calls it), and
// every rank returns the same result, equal to a one-rank evaluation up to double rounding.
// Cost: one prediction per sample of this rank plus score_sample.
std::map<std::string, double> evaluate(UNet& model, const data::SampleCache& samples, data::TargetKind target,
                                       const PredictionOptions& options, int64_t limit, comm::Collective& group);

// evaluate() in two parts, for a validation on another thread (background_validation.h): the scores of the
// samples i with i % ranks == rank (not collective; an empty tally, without names, when there are no samples;
// the same names on every rank, zeros for a rank without samples of its own), then their combination over
// `group` (one all-reduce of the tallies' totals) into evaluate()'s result (collective, but for an empty
// tally: {}).
FiniteMeans score_share(UNet& model, const data::SampleCache& samples, data::TargetKind target,
                        const PredictionOptions& options, int64_t limit, int rank, int ranks);
std::map<std::string, double> combine_shares(FiniteMeans share, comm::Collective& group);

}  // namespace hypera::core
