#pragma once
// Clean-up of a predicted mask of a data set without instances (organ-like targets such as the brain, or its
// classes):
// keeping the largest connected component, as nnU-Net decides on validation whether to do (Isensee et al.,
// Nature Methods 2021), and filling enclosed holes. Which steps a run applies is chosen by
// core/train/cleanup_choice.h.
#include <string>

#include "data/io/volume.h"

namespace hypera::core {

struct MaskCleanup {
  // Keep only the largest connected component of the foreground (every non-zero label; full connectivity,
  // 8 in 2D, 26 in 3D; ties: the first in scan order); the voxels of the other components become 0.
  bool largest_component = false;
  // Background components (face connectivity, 4 / 6) that do not touch the grid's border are filled, each run
  // of voxels along x with the label of the voxel before it: 1 in a binary mask, the surrounding class in a mask
  // of classes (core/postprocess/hole_filling.h fills the same holes of a binary mask). Applied after the
  // largest component.
  bool fill_holes = false;

  bool any() const { return largest_component || fill_holes; }
  // "none", "largest component", "fill holes" or "largest component + fill holes".
  std::string text() const;
};

// labels: class labels on any 2D or 3D grid (0 background). Returns them cleaned as `cleanup` says (a copy
// when it says nothing). Cost: one component labelling per step, O(voxels). Thread-safe.
data::LabelVolume clean_mask(const data::LabelVolume& labels, const MaskCleanup& cleanup);

}  // namespace hypera::core
