#pragma once
// From a semantic prediction to final instance masks (ids 1..N, 0 = background), 2D or 3D.
// Labelling itself is data::label_components; this file only decides what is labelled and grows seeds.
// Pure functions, thread-safe; cost O(voxels * neighbours) time and O(voxels) memory.
#include <cstdint>

#include "data/io/components.h"
#include "data/io/volume.h"

namespace hypera::core {

// Connected components of the foreground (every non-zero label), 8-connected (26 in 3D) by default,
// the BBBC039 convention. Ids follow label_components' scan order.
data::InstanceVolume instances_from_foreground(const data::LabelVolume& labels,
                                               data::Connectivity connectivity = data::Connectivity::Full);

struct ThreeClassOptions {
  // Interior components with fewer voxels than this are not seeds; their voxels are then treated like
  // boundary voxels (they join a neighbouring object if one grows into them, otherwise stay background).
  int64_t min_seed_size = 8;
  // Neighbourhood used for both the seed components and the growth.
  data::Connectivity connectivity = data::Connectivity::Full;
};

// classes: 0 = background, 1 = object interior, 2 = object boundary (any other value: InputError).
// Seeds are the connected components of the interior class; each boundary voxel joins the seed that
// reaches it first in a breadth-first growth from all seeds at once through boundary voxels only (the
// geodesically nearest seed; at equal distance the seed whose front is dequeued first wins, which is
// deterministic).
// Boundary voxels no seed reaches stay background. Ids are 1..N in the scan order of the kept seeds.
data::InstanceVolume instances_from_three_class(const data::LabelVolume& classes,
                                                const ThreeClassOptions& options = {});

}  // namespace hypera::core
