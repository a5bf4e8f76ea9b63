#pragma once
// Elastic deformation (Simard et al. 2003): a random displacement field, uniform in [-1, 1] per voxel
// and component, smoothed by a Gaussian of `sigma` pixels and scaled so that its largest component is
// `alpha` pixels. The image (every channel) and the distance maps are resampled (bi/trilinear; a linearly interpolated
// map is close to, not exactly, the distance map of the warped label), the label by nearest neighbour, so
// labels stay within the values they had. Positions pulled from outside the patch take the nearest edge value.
// 2D patches (size z == 1) get a 2-component field, 3D patches a 3-component one.
// Cost: O(voxels * components * (components * (6 * sigma + 1) + 8)); a 256x256 patch with sigma 4 took
// about 10 ms on the 2-core development machine under load (bench/loader).
// Deterministic given rng; thread-safe.
#include <random>

#include "data/pipeline/patch.h"

namespace hypera::data {

void elastic_deform(Patch& patch, double alpha, double sigma, std::mt19937_64& rng);

}  // namespace hypera::data
