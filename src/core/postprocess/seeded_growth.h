#pragma once
// Step 6b of the pipeline: seeded growth (watershed by priority flooding) inside the foreground mask,
// which splits touching objects along the valleys of a surface.
#include "data/io/volume.h"

namespace hypera::core {

// Seed voxels (id > 0) keep their ids. Every other mask voxel takes the id of the flood that reaches it
// first when the voxels on the flood fronts are taken highest `surface` value first (ties: first pushed
// first, so the result is deterministic); floods move between fully connected neighbours (8 in 2D, 26
// in 3D) and only through mask voxels. Mask voxels that no seed reaches stay 0, as does the background.
// seeds, mask and surface must share one grid (InputError otherwise). Cost: O(n log n) for the n mask
// voxels (a binary heap), O(voxels) memory. Thread-safe.
data::InstanceVolume grow_seeds(const data::InstanceVolume& seeds, const data::LabelVolume& mask,
                                const data::ImageVolume& surface);

}  // namespace hypera::core
