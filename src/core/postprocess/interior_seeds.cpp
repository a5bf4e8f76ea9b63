#include "core/postprocess/interior_seeds.h"

#include "data/io/components.h"
#include "support/input_error.h"

namespace hypera::core {

data::ImageVolume interior_score(const data::ImageVolume& interior, const data::ImageVolume& boundary,
                                 double boundary_weight) {
  if (!interior.geometry.same_grid(boundary.geometry)) {
    throw InputError("interior score: interior and boundary maps must be on the same grid");
  }
  data::ImageVolume score(interior.geometry);
  const auto w = static_cast<float>(boundary_weight);
  for (size_t i = 0; i < score.voxels.size(); ++i) score.voxels[i] = interior.voxels[i] - w * boundary.voxels[i];
  return score;
}

data::InstanceVolume threshold_seeds(const data::ImageVolume& score, const data::LabelVolume& mask,
                                     double seed_threshold) {
  if (!score.geometry.same_grid(mask.geometry)) {
    throw InputError("interior seeds: score map and mask must be on the same grid");
  }
  data::LabelVolume seeds(mask.geometry);
  const auto t = static_cast<float>(seed_threshold);
  for (size_t i = 0; i < seeds.voxels.size(); ++i) seeds.voxels[i] = mask.voxels[i] != 0 && score.voxels[i] > t;
  return data::label_components(seeds, data::Connectivity::Full);
}

}  // namespace hypera::core
