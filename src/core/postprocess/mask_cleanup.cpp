#include "core/postprocess/mask_cleanup.h"

#include <algorithm>
#include <vector>

#include "core/postprocess/hole_filling.h"
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
  int32_t count = 0;
  const data::InstanceVolume components = data::label_components(foreground(labels), data::Connectivity::Full, &count);
  if (count < 2) return;
  std::vector<int64_t> sizes(static_cast<size_t>(count) + 1, 0);
  for (const int32_t id : components.voxels) ++sizes[static_cast<size_t>(id)];
  const auto largest = std::max_element(sizes.begin() + 1, sizes.end()) - sizes.begin();
  for (size_t i = 0; i < labels.voxels.size(); ++i) {
    if (components.voxels[i] != largest) labels.voxels[i] = 0;
  }
}

void fill_enclosed_holes(data::LabelVolume& labels) {
  const data::LabelVolume filled = fill_holes(foreground(labels), labels.geometry.voxel_count());
  for (size_t i = 0; i < labels.voxels.size(); ++i) {
    if (labels.voxels[i] == 0 && filled.voxels[i] != 0) labels.voxels[i] = 1;
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
