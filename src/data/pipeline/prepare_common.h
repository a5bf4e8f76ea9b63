#pragma once
// Small helpers shared by prepare_bbbc039.cpp and prepare_volume_pair.cpp.
#include <algorithm>
#include <cstdint>
#include <string>

#include "data/io/volume.h"

namespace hypera::data {

// "696x520x1": a grid's size (x by y by z) for error messages.
inline std::string grid_text(const Geometry& geometry) {
  return std::to_string(geometry.nx()) + "x" + std::to_string(geometry.ny()) + "x" + std::to_string(geometry.nz());
}

// Voxels with a label > 0.
inline int64_t count_foreground(const LabelVolume& label) {
  return std::count_if(label.voxels.begin(), label.voxels.end(), [](uint8_t v) { return v > 0; });
}

}  // namespace hypera::data
