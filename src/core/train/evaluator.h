#pragma once
// Validation and test metrics of a model over a set of samples, computed on the final masks:
//   dice       foreground Dice (every non-background class is foreground; for data sets with instances, the
//              foreground of the final instance masks), mean over samples
//   object_f1  object F1 at IoU 0.5 of the final instance masks, mean over samples (data sets with
//              instances only)
// Empty masks follow MONAI's convention (both empty: Dice 1; see core/measure/overlap_metrics.h).
#include <map>
#include <string>
#include <vector>

#include "core/train/segmentation_predictor.h"
#include "data/pipeline/sample_cache.h"

namespace hypera::core {

// `limit` > 0 evaluates only the first `limit` samples. Returns metric name -> value.
std::map<std::string, double> evaluate(UNet& model, const data::SampleCache& samples, data::TargetKind target,
                                       const PredictionOptions& options, int64_t limit = 0);

}  // namespace hypera::core
