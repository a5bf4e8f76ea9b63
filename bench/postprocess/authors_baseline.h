#pragma once
// The post-processing of the BBBC039 authors (Caicedo et al., Cytometry A 2019; their unet4nuclei code:
// probmap_to_pred, pred_to_label and the evaluation's object dilation), rebuilt from library steps:
//   1. class = argmax of the three probabilities (boundary_boost_factor 1; the first class wins ties);
//   2. interior mask = class 1; holes smaller than 16 px filled (remove_small_holes(min_size=16));
//   3. interior objects smaller than 16 px removed (remove_small_objects(min_size=16));
//   4. objects = connected components of the interior (skimage label: 8-connected);
//   5. every object grown by a grey dilation with a 3x3 square (object_dilation = 3 at evaluation;
//      where two objects meet, the larger id wins, as skimage's grey dilation does).
// Differences from skimage: holes touching the image border are not filled here, and step 3 measures
// 8-connected objects (skimage's remove_small_objects default is 4-connected).
#include <vector>

#include "data/io/volume.h"

namespace hypera::bench {

data::InstanceVolume authors_postprocess(const std::vector<data::ImageVolume>& probabilities);

}  // namespace hypera::bench
