#pragma once
// Small helpers shared by prepare_bbbc039.cpp and prepare_volume_pair.cpp.
#include <algorithm>
#include <cstdint>
#include <string>

#include "data/io/grid_text.h"
#include "data/io/volume.h"

namespace hypera::data {

// Voxels with a label > 0.
inline int64_t count_foreground(const LabelVolume& label) {
  return std::count_if(label.voxels.begin(), label.voxels.end(), [](uint8_t v) { return v > 0; });
}

}  // namespace hypera::data
