#pragma once
// A data::Geometry of nx x ny x nz voxels with unit spacing and the identity affine (2D when nz == 1),
// for tests that build small volumes by hand, and boxes drawn into them.
#include <cstdint>
#include <type_traits>

#include "data/io/volume.h"

namespace hypera::test {

inline data::Geometry grid(int64_t nx, int64_t ny, int64_t nz = 1) {
  data::Geometry geometry;
  geometry.size = {nx, ny, nz};
  return geometry;
}

// Sets the w x h box with corner (x0, y0) of slice z = 0 to `value`.
template <class T>
void fill_box(data::Volume<T>& volume, int64_t x0, int64_t y0, int64_t w, int64_t h,
              typename std::common_type<T>::type value = 1) {
  for (int64_t y = y0; y < y0 + h; ++y) {
    for (int64_t x = x0; x < x0 + w; ++x) volume.at(x, y) = value;
  }
}

}  // namespace hypera::test
