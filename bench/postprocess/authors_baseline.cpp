#include "authors_baseline.h"

#include <algorithm>

#include "core/postprocess/hole_filling.h"
#include "core/postprocess/object_filter.h"
#include "data/io/components.h"

namespace hypera::bench {
namespace {

constexpr int64_t kMinSize = 16;

// Grey dilation of 2D ids with the 3x3 square (window clipped at the border), slice by slice.
data::InstanceVolume dilate_square3(const data::InstanceVolume& ids) {
  const auto& g = ids.geometry;
  data::InstanceVolume out(g);
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        int32_t m = 0;
        for (int64_t v = std::max<int64_t>(0, y - 1); v <= std::min(g.ny() - 1, y + 1); ++v) {
          for (int64_t u = std::max<int64_t>(0, x - 1); u <= std::min(g.nx() - 1, x + 1); ++u) {
            m = std::max(m, ids.at(u, v, z));
          }
        }
        out.at(x, y, z) = m;
      }
    }
  }
  return out;
}

}  // namespace

data::InstanceVolume authors_postprocess(const std::vector<data::ImageVolume>& p) {
  data::LabelVolume interior(p[0].geometry);
  for (size_t i = 0; i < interior.voxels.size(); ++i) {
    size_t best = 0;
    for (size_t k = 1; k < p.size(); ++k) {
      if (p[k].voxels[i] > p[best].voxels[i]) best = k;
    }
    interior.voxels[i] = best == 1;
  }
  interior = core::fill_holes(interior, kMinSize - 1);
  data::InstanceVolume objects = data::label_components(interior, data::Connectivity::Full);
  objects = core::remove_objects(objects, p[1], kMinSize, 0.0);
  return dilate_square3(objects);
}

}  // namespace hypera::bench
