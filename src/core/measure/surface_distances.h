#pragma once
// Surfaces of binary masks and the distances between two surfaces (MONAI's get_mask_edges and
// get_surface_distance, computed with the exact distance transform).
#include <array>
#include <cstdint>
#include <vector>

#include "data/io/volume.h"

namespace hypera::core {

// Surface of the voxels equal to `cls`: mask minus its binary erosion with the face-connected (cross)
// structuring element (4 neighbours in 2D, 6 in 3D; scipy's generate_binary_structure(ndim, 1), as MONAI's
// get_mask_edges with spacing=None), voxels outside the grid counting as background. Result: 1 on the
// surface, 0 elsewhere, same geometry. Cost: one pass (0.1 ms for 520x696). Thread-safe.
data::LabelVolume mask_surface(const data::LabelVolume& labels, uint8_t cls);

// Directed distances between the surfaces of the class in two label grids of the same size.
// from_pred[i]: distance from the i-th prediction surface voxel (scan order) to the nearest ground-truth
// surface voxel; from_gt the converse. Units: physical, with `spacing` (x, y, z) per voxel, so spacing
// {1,1,1} gives voxel units. When the other surface is empty every distance is +infinity; an empty surface
// gives an empty vector. Cost: over the bounding box of the union of both masks (exact, because both
// surfaces lie inside it), both surfaces and one squared_distance_at per direction; HD95 + ASSD of a
// 520x696 BBBC039 pair took 2.6 ms of thread CPU (20 ms before squared_distance_at), of a 181x217x181 MRI
// pair 170 ms, on the shared 2-core development machine (bench/metrics, December 2026). Thread-safe.
struct SurfaceDistances {
  std::vector<double> from_pred;
  std::vector<double> from_gt;
};
SurfaceDistances surface_distances(const data::LabelVolume& pred, const data::LabelVolume& gt, uint8_t cls,
                                   const std::array<double, 3>& spacing);

}  // namespace hypera::core
