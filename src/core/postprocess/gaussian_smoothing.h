#pragma once
// Step 1 of the pipeline: Gaussian smoothing of a probability (or score) map, which smooths the contours
// that a threshold of the map produces.
#include "data/io/volume.h"

namespace hypera::core {

// In place, separable along every axis with more than one voxel. sigma in voxels (spacing ignored); 0
// leaves the map unchanged. The kernel is truncated at 3 sigma and renormalized over the taps inside the
// grid, so a constant map stays constant and maps that sum to 1 per voxel still do after smoothing.
// InputError when sigma is negative or not finite. Cost: O(voxels * (6 sigma + 1)) per axis, one line of
// scratch; single-threaded, thread-safe.
void smooth_gaussian(data::ImageVolume& map, double sigma);

}  // namespace hypera::core
