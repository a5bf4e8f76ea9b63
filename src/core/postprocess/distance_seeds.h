#pragma once
// Step 6a of the pipeline, two-class maps: seeds at the maxima of the distance to the background.
#include "data/io/volume.h"

namespace hypera::core {

// Euclidean distance in voxels (spacing ignored) from every foreground voxel (mask != 0) to the nearest
// background voxel; 0 on the background; +infinity everywhere when the mask has no background.
// Cost: one exact distance transform, O(voxels). Thread-safe.
data::ImageVolume distance_to_background(const data::LabelVolume& mask);

// The h-maxima of `height` inside the mask: the regional maxima of the reconstruction by dilation of
// (height - h) under height (inside the mask). A maximum whose dynamic (how far one must descend inside
// the mask to reach a higher or equal maximum) is below h merges with that maximum into one seed; the
// highest maximum of every mask component always yields a seed. Each seed is the plateau of the
// reconstruction at its top (a voxel or a region); seeds are labelled 1..N as 8/26-connected components
// in scan order.
// InputError naming postprocess.min_seed_distance unless h > 0 and finite; grids must agree.
// Cost: about linear in the voxel count (two raster scans and a queue). Thread-safe.
data::InstanceVolume h_maxima_seeds(const data::ImageVolume& height, const data::LabelVolume& mask, double h);

}  // namespace hypera::core
