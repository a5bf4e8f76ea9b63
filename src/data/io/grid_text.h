#pragma once
// A grid's size as error messages print it. Thread-safe.
#include <string>

#include "data/io/volume.h"

namespace hypera::data {

// "696x520x1": the size x by y by z.
inline std::string grid_text(const Geometry& geometry) {
  return std::to_string(geometry.nx()) + "x" + std::to_string(geometry.ny()) + "x" + std::to_string(geometry.nz());
}

}  // namespace hypera::data
