#pragma once
// Connected-component labelling of 2D and 3D grids.
#include <cstdint>

#include "data/io/volume.h"

namespace hypera::data {

// Face: neighbours share a side (4 in 2D, 6 in 3D). Full: they share a side, edge or corner (8 / 26).
enum class Connectivity { Face, Full };

// Labels the connected components of EQUAL non-zero values: two neighbouring voxels belong to the same
// component only when their values are equal, so a binary mask yields its components and a mask whose
// touching objects have different values (BBBC039) yields one component per object. Ids are 1..N in
// scan order (x fastest, then y, then z) of each component's first voxel; background (0) stays 0.
// The result has the geometry of `values`. If `count` is not null it receives N. A 2D grid (nz == 1)
// uses the 2D neighbourhood. Cost: O(voxels * neighbours) time, O(voxels) memory. Thread-safe.
// Instantiated for uint8_t, uint16_t and int32_t.
template <class T>
InstanceVolume label_components(const Volume<T>& values, Connectivity connectivity, int32_t* count = nullptr);

}  // namespace hypera::data
