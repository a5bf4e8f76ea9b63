#include "core/postprocess/pipeline.h"

#include <ctime>
#include <string>

#include "core/postprocess/distance_seeds.h"
#include "core/postprocess/foreground_mask.h"
#include "core/postprocess/gaussian_smoothing.h"
#include "core/postprocess/hole_filling.h"
#include "core/postprocess/interior_seeds.h"
#include "core/postprocess/morphology.h"
#include "core/postprocess/object_filter.h"
#include "data/io/components.h"
#include "core/postprocess/seeded_growth.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

// CPU time of the calling thread in milliseconds: what one core spends, whatever else runs on the machine.
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
}

// Adds the milliseconds since `start` to `slot` and restarts the clock.
void lap(double& start, double& slot) {
  const double now = thread_cpu_ms();
  slot += now - start;
  start = now;
}

void check_inputs(const std::vector<data::ImageVolume>& probabilities, const PostprocessParams& params) {
  const size_t c = probabilities.size();
  if (c != 2 && c != 3) {
    throw InputError("postprocess: expected 2 or 3 class probability maps, got " + std::to_string(c));
  }
  const data::Geometry& g = probabilities[0].geometry;
  if (g.voxel_count() <= 0) throw InputError("postprocess: the probability maps have no voxels");
  for (const auto& map : probabilities) {
    if (!map.geometry.same_grid(g) || static_cast<int64_t>(map.voxels.size()) != g.voxel_count()) {
      throw InputError("postprocess: the class probability maps are not on one grid");
    }
  }
  validate(params);
  if (params.seeds == SeedMode::Interior && c != 3) {
    throw InputError("postprocess.seeds: interior seeds need three-class probabilities, got " + std::to_string(c) +
                     " classes");
  }
}

}  // namespace

PostprocessResult postprocess(const std::vector<data::ImageVolume>& probabilities, const PostprocessParams& params,
                              PipelineTimings* timings) {
  check_inputs(probabilities, params);
  PipelineTimings local;
  PipelineTimings& t = timings ? *timings : local;
  t = PipelineTimings{};
  double mark = thread_cpu_ms();

  // 1. Foreground map (and interior score); smoothing is linear, so smoothing these equals smoothing
  // the class maps first.
  data::ImageVolume foreground(probabilities[0].geometry);
  for (size_t i = 0; i < foreground.voxels.size(); ++i) foreground.voxels[i] = 1.0f - probabilities[0].voxels[i];
  smooth_gaussian(foreground, params.smoothing_sigma);
  data::ImageVolume score;
  if (params.seeds == SeedMode::Interior) {
    score = interior_score(probabilities[1], probabilities[2], params.boundary_weight);
    smooth_gaussian(score, params.smoothing_sigma);
  }
  lap(mark, t.smoothing_ms);

  // 2-3. Bias and threshold.
  data::ImageVolume biased = foreground;
  apply_logit_bias(biased, params.foreground_bias);
  data::LabelVolume mask = threshold_mask(biased, params.threshold);
  lap(mark, t.threshold_ms);

  // 4. Opening, then closing.
  if (params.open_radius > 0) mask = open_ball(mask, params.open_radius, "postprocess.open_radius");
  if (params.close_radius > 0) mask = close_ball(mask, params.close_radius, "postprocess.close_radius");
  lap(mark, t.morphology_ms);

  // 5. Holes.
  mask = fill_holes(mask, static_cast<int64_t>(params.max_hole_size));
  lap(mark, t.holes_ms);

  // 6. Objects.
  data::InstanceVolume objects;
  switch (params.seeds) {
    case SeedMode::Components:
      objects = data::label_components(mask, data::Connectivity::Full);
      break;
    case SeedMode::Interior:
      objects = grow_seeds(threshold_seeds(score, mask, params.seed_threshold), mask, score);
      break;
    case SeedMode::DistanceMaxima: {
      const data::ImageVolume distance = distance_to_background(mask);
      objects = grow_seeds(h_maxima_seeds(distance, mask, params.min_seed_distance), mask, distance);
      break;
    }
  }
  lap(mark, t.objects_ms);

  // 7-8. Object filters.
  objects = remove_objects(objects, foreground, static_cast<int64_t>(params.min_size), params.min_confidence);
  objects = keep_largest(objects, static_cast<int64_t>(params.max_objects));
  PostprocessResult result;
  result.mask = data::LabelVolume(objects.geometry);
  for (size_t i = 0; i < objects.voxels.size(); ++i) result.mask.voxels[i] = objects.voxels[i] != 0;
  result.instances = std::move(objects);
  lap(mark, t.filter_ms);
  return result;
}

}  // namespace hypera::core
