#pragma once
// Signed distance maps of label classes, the ground-truth side of the boundary loss (Kervadec et al.,
// "Boundary loss for highly unbalanced segmentation", MIDL 2019 / MedIA 2021).
//
// Convention, for the set G of voxels with label == c:
//   surface(G) = voxels of G with at least one face neighbour (4 in 2D, 6 in 3D) inside the grid that is
//                not in G ("mask minus its erosion"; the grid border is not a surface),
//   phi(x) = -d(x, surface)  for x in G (so 0 on the surface itself, negative deeper inside),
//   phi(x) = +d(x, surface)  for x outside G, which equals d(x, G): the nearest voxel of G to an outside
//                            voxel always lies on the surface.
// d is the Euclidean distance between voxel centres in physical units (geometry.spacing honoured).
// A class with no surface (absent from the label, or filling the whole grid) gets phi = 0 everywhere,
// as in Kervadec's reference code (an absent class contributes nothing to the loss).
// Cost: one surface pass and one exact distance transform per class, O(voxels)
// (core/measure/distance_transform.h), and one voxel_count of doubles of working memory shared by the
// classes; a 520x696 map took 6-10 ms per class (14-36 ms before the y-first distance transform) on the
// shared 2-core development machine under load 5 (bench/boundary_loss, December 2026). Pure functions,
// thread-safe.
#include <cstdint>
#include <vector>

#include "data/io/volume.h"

namespace hypera::core {

// phi for label class `label_class`, one float per voxel in the volume's x-fastest order.
std::vector<float> signed_distance_map(const data::LabelVolume& label, uint8_t label_class);

// phi for every foreground class 1 .. num_classes - 1, channel-major: (num_classes - 1) * voxels floats,
// channel k holding class k + 1. num_classes >= 2 (std::invalid_argument otherwise).
std::vector<float> foreground_signed_distance_maps(const data::LabelVolume& label, int num_classes);

}  // namespace hypera::core
