#pragma once
// The post-processing pipeline that turns a network's class probabilities into objects; segmentation
// agents drive it by changing the named parameters of PostprocessParams (postprocess_params.h).
//
// Steps, in order (each one a function of its own file in this folder):
//   1. Gaussian smoothing of the foreground map (and of the interior score)  smoothing_sigma
//   2. logit bias of the foreground probability                              foreground_bias
//   3. threshold                                                             threshold
//   4. opening, then closing, with balls                                     open_radius, close_radius
//   5. hole filling                                                          max_hole_size
//   6. objects: components, or seeds (interior score / distance h-maxima) grown through the mask by
//      priority flooding of the seed score (interior score / distance)       seeds, boundary_weight,
//                                                                            seed_threshold, min_seed_distance
//   7. removal of small or unconfident objects                               min_size, min_confidence
//   8. keep the largest objects                                              max_objects
// The foreground probability is 1 - p(class 0) (every non-background class is foreground); the
// confidence of step 7 is the mean smoothed foreground probability before the bias.
#include <vector>

#include "core/postprocess/postprocess_params.h"
#include "data/io/volume.h"

namespace hypera::core {

struct PostprocessResult {
  data::InstanceVolume instances;  // 0 = background, objects 1..N
  data::LabelVolume mask;          // 1 where instances > 0
};

// Milliseconds of CPU time of the calling thread spent in each step of one call (CPU time, not wall
// time, so that the figures mean one core even on a busy machine).
struct PipelineTimings {
  double smoothing_ms = 0;       // step 1 (including forming the foreground and score maps)
  double threshold_ms = 0;       // steps 2-3
  double morphology_ms = 0;      // step 4
  double holes_ms = 0;           // step 5
  double objects_ms = 0;         // step 6
  double filter_ms = 0;          // steps 7-8
  double total_ms() const { return smoothing_ms + threshold_ms + morphology_ms + holes_ms + objects_ms + filter_ms; }
};

// probabilities: C = 2 (background, foreground) or 3 (background, interior, boundary; data/io/targets.h)
// volumes on one grid, 2D or 3D, e.g. predict_probabilities' output. Throws InputError for C outside
// {2, 3}, volumes on different grids, an empty grid, parameters outside their bounds (validate()), or
// SeedMode::Interior with C = 2. Cost on a 520x696 image: see bench/postprocess. Single-threaded,
// thread-safe (no shared state); `timings`, when given, receives the time of each step.
PostprocessResult postprocess(const std::vector<data::ImageVolume>& probabilities, const PostprocessParams& params,
                              PipelineTimings* timings = nullptr);

}  // namespace hypera::core
