#pragma once
// A data::Geometry of nx x ny x nz voxels with unit spacing and the identity affine (2D when nz == 1),
// for tests that build small volumes by hand.
#include <cstdint>

#include "data/io/volume.h"

namespace hypera::test {

inline data::Geometry grid(int64_t nx, int64_t ny, int64_t nz = 1) {
  data::Geometry geometry;
  geometry.size = {nx, ny, nz};
  return geometry;
}

}  // namespace hypera::test
