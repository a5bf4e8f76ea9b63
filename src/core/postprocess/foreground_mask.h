#pragma once
// Steps 2 and 3 of the pipeline: a foreground/background bias in logit space, then the threshold.
#include "data/io/volume.h"

namespace hypera::core {

// p' = sigmoid(logit(p) + bias) for every voxel, in place. p is clamped to [1e-7, 1 - 1e-7] first so
// that 0 and 1 stay finite; bias 0 leaves the map unchanged exactly. bias > 0 grows the foreground.
// InputError naming postprocess.foreground_bias when bias is not finite. O(voxels), thread-safe.
void apply_logit_bias(data::ImageVolume& probability, double bias);

// 1 where probability > threshold (strictly), else 0; same geometry. InputError naming
// postprocess.threshold unless 0 <= threshold <= 1. O(voxels), thread-safe.
data::LabelVolume threshold_mask(const data::ImageVolume& probability, double threshold);

}  // namespace hypera::core
