#include "core/postprocess/mask_cleanup.h"

#include <algorithm>
#include <vector>

#include "data/io/components.h"

namespace hypera::core {
namespace {

// 1 where labels is non-zero.
data::LabelVolume foreground(const data::LabelVolume& labels) {
  data::LabelVolume mask(labels.geometry);
  std::transform(labels.voxels.begin(), labels.voxels.end(), mask.voxels.begin(), [](uint8_t v) { return uint8_t(v != 0); });
  return mask;
}

void keep_largest_component(data::LabelVolume& labels) {
  const data::RunComponents components = data::run_components(foreground(labels), data::Connectivity::Full);
  if (components.count < 2) return;
  const auto largest = std::max_element(components.size.begin() + 1, components.size.end()) - components.size.begin();
  for (size_t r = 0; r < components.runs.size(); ++r) {
    if (components.id[r] == largest) continue;
    const data::VoxelRun& run = components.runs[r];
    std::fill_n(labels.voxels.begin() + run.row * labels.geometry.nx() + run.begin, run.end - run.begin, uint8_t{0});
  }
}

// Holes: face-connected background components that do not touch the border (the dual of the objects' full
// connectivity). Each run of a hole takes the label of the voxel before it in its row, which is not background
// (a run of background is maximal, and a hole's run does not start at the border): 1 in a binary mask, and in a
// mask of classes the class around the hole.
void fill_enclosed_holes(data::LabelVolume& labels) {
  const data::RunComponents background =
      data::run_components(labels, data::Connectivity::Face, data::ComponentsOf::Zero);
  const int64_t nx = labels.geometry.nx();
  for (size_t r = 0; r < background.runs.size(); ++r) {
    if (background.border[background.id[r]]) continue;
    const data::VoxelRun& run = background.runs[r];
    const auto row = labels.voxels.begin() + run.row * nx;
    std::fill(row + run.begin, row + run.end, row[run.begin - 1]);
  }
}

}  // namespace

std::string MaskCleanup::text() const {
  if (largest_component && fill_holes) return "largest component + fill holes";
  if (largest_component) return "largest component";
  return fill_holes ? "fill holes" : "none";
}

data::LabelVolume clean_mask(const data::LabelVolume& labels, const MaskCleanup& cleanup) {
  data::LabelVolume cleaned = labels;
  if (cleanup.largest_component) keep_largest_component(cleaned);
  if (cleanup.fill_holes) fill_enclosed_holes(cleaned);
  return cleaned;
}

}  // namespace hypera::core
