#pragma once
// Exact Euclidean distance transform of a binary mask, shared by the surface metrics and the boundary loss.
#include <vector>

#include "data/io/volume.h"

namespace hypera::core {

// Exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher 2012: separable passes of the 1D
// lower envelope of parabolas along x, then y, then z), O(voxels). For every voxel, the squared physical
// distance (geometry.spacing honoured, anisotropic allowed) to the nearest voxel where mask != 0; 0 on the set
// itself; +infinity everywhere when the mask has no non-zero voxel. 2D (nz == 1) and 3D.
// Result: geometry.voxel_count() values in the mask's memory order (x fastest). Units: spacing units squared
// (mm^2 for medical images). Cost: three linear passes, 8 bytes per voxel of output plus eight lines
// of scratch; single-threaded. Thread-safe (no shared state). InputError when the spacing along an
// axis of more than one voxel is not a positive finite number.
std::vector<double> squared_distance_to_set(const data::LabelVolume& mask);

}  // namespace hypera::core
