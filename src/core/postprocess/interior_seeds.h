#pragma once
// Step 6a of the pipeline, three-class maps: seeds from the interior class, kept apart by the boundary
// class.
#include "data/io/volume.h"

namespace hypera::core {

// s = p_interior - boundary_weight * p_boundary per voxel (in [-w, 1] for probabilities). Grids must agree
// (InputError). O(voxels), thread-safe.
data::ImageVolume interior_score(const data::ImageVolume& interior, const data::ImageVolume& boundary,
                                 double boundary_weight);

// Seeds: the 8/26-connected components, labelled 1..N in scan order, of the mask voxels whose score is
// > seed_threshold (strictly). Grids must agree (InputError). O(voxels), thread-safe.
data::InstanceVolume threshold_seeds(const data::ImageVolume& score, const data::LabelVolume& mask,
                                     double seed_threshold);

}  // namespace hypera::core
