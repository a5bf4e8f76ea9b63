#pragma once
// Steps 7 and 8 of the pipeline: removal of small or unconfident objects, and keeping the largest.
// Both return objects relabelled 1..N in the order of their old ids (gaps closed), on the same grid.
// O(voxels + number of ids), thread-safe.
#include <cstdint>

#include "data/io/volume.h"

namespace hypera::core {

// Removes the objects with fewer than min_size voxels or whose mean `probability` over their voxels is
// below min_confidence (min_size 0 and min_confidence 0 keep everything). probability must be on the
// objects' grid. InputError naming postprocess.min_size / postprocess.min_confidence when negative.
data::InstanceVolume remove_objects(const data::InstanceVolume& objects, const data::ImageVolume& probability,
                                    int64_t min_size, double min_confidence);

// Keeps the max_objects largest objects (ties: the smaller id); 0 keeps all, 1 keeps the largest (for
// organ-like targets). InputError naming postprocess.max_objects when negative.
data::InstanceVolume keep_largest(const data::InstanceVolume& objects, int64_t max_objects);

}  // namespace hypera::core
