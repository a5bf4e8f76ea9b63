#include "core/postprocess/morphology.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "support/input_error.h"

namespace hypera::core {
namespace {

void check_radius(double radius, const std::string& parameter) {
  if (!std::isfinite(radius) || radius < 0) {
    throw InputError(parameter + ": ball radius must be a finite value >= 0, got " + std::to_string(radius));
  }
}

// One x-row of the ball: the voxels (x + dx, y + dy, z + dz) with |dx| <= half_width.
struct BallRow {
  int64_t dy = 0;
  int64_t dz = 0;
  int64_t half_width = 0;  // the largest w <= nx with w^2 + dy^2 + dz^2 <= radius^2
};

// The rows of the ball {d : |d|^2 <= radius^2} that can meet the grid (|dy| < ny, |dz| < nz).
std::vector<BallRow> ball_rows(const data::Geometry& g, double radius) {
  const double r2 = radius * radius;
  const auto reach = static_cast<int64_t>(std::min(std::floor(radius), static_cast<double>(g.voxel_count())));
  const int64_t ry = std::min(reach, g.ny() - 1);
  const int64_t rz = std::min(reach, g.nz() - 1);
  std::vector<BallRow> rows;
  for (int64_t dz = -rz; dz <= rz; ++dz) {
    for (int64_t dy = -ry; dy <= ry; ++dy) {
      const auto s = static_cast<double>(dy * dy + dz * dz);
      if (s > r2) continue;
      // Wider than the grid counts as the grid's width; sqrt's rounding is corrected in integers.
      auto w = static_cast<int64_t>(std::min(std::sqrt(r2 - s), static_cast<double>(g.nx())));
      while (w < g.nx() && static_cast<double>((w + 1) * (w + 1)) + s <= r2) ++w;
      while (w > 0 && static_cast<double>(w * w) + s > r2) --w;
      rows.push_back({dy, dz, w});
    }
  }
  return rows;
}

// For every voxel, the distance along x to the nearest voxel of its row whose "is foreground" equals
// `foreground` (0 on such a voxel; more than nx when the row has none).
std::vector<int32_t> row_distance(const data::LabelVolume& mask, bool foreground) {
  const int64_t nx = mask.geometry.nx();
  const auto far = static_cast<int32_t>(2 * nx + 1);
  std::vector<int32_t> d(mask.voxels.size());
  for (size_t row = 0; row < d.size(); row += static_cast<size_t>(nx)) {
    const uint8_t* m = mask.voxels.data() + row;
    int32_t* out = d.data() + row;
    int32_t last = far;  // distance to the nearest set voxel on the left (capped)
    for (int64_t x = 0; x < nx; ++x) {
      last = (m[x] != 0) == foreground ? 0 : std::min(last + 1, far);
      out[x] = last;
    }
    last = far;
    for (int64_t x = nx - 1; x >= 0; --x) {
      last = (m[x] != 0) == foreground ? 0 : std::min(last + 1, far);
      out[x] = std::min(out[x], last);
    }
  }
  return d;
}

// 1 where the ball of `radius` around the voxel holds an in-grid voxel whose "is foreground" equals
// `foreground`, else 0: the OR over the ball's rows of "the row distance at the row's offset is within its
// half-width". Cost: one pass over the grid per ball row.
data::LabelVolume ball_meets(const data::LabelVolume& mask, double radius, bool foreground) {
  const data::Geometry& g = mask.geometry;
  const std::vector<int32_t> d = row_distance(mask, foreground);
  data::LabelVolume meets(g);
  const int64_t nx = g.nx(), ny = g.ny(), nz = g.nz();
  for (const BallRow& r : ball_rows(g, radius)) {
    const auto w = static_cast<int32_t>(r.half_width);
    for (int64_t z = std::max<int64_t>(0, -r.dz); z < std::min(nz, nz - r.dz); ++z) {
      for (int64_t y = std::max<int64_t>(0, -r.dy); y < std::min(ny, ny - r.dy); ++y) {
        const int32_t* in = d.data() + mask.index(0, y + r.dy, z + r.dz);
        uint8_t* out = meets.voxels.data() + mask.index(0, y, z);
        for (int64_t x = 0; x < nx; ++x) out[x] |= static_cast<uint8_t>(in[x] <= w);
      }
    }
  }
  return meets;
}

}  // namespace

data::LabelVolume erode_ball(const data::LabelVolume& mask, double radius, const std::string& parameter) {
  check_radius(radius, parameter);
  data::LabelVolume out = ball_meets(mask, radius, false);
  for (size_t i = 0; i < out.voxels.size(); ++i) out.voxels[i] = mask.voxels[i] != 0 && out.voxels[i] == 0;
  return out;
}

data::LabelVolume dilate_ball(const data::LabelVolume& mask, double radius, const std::string& parameter) {
  check_radius(radius, parameter);
  return ball_meets(mask, radius, true);
}

data::LabelVolume open_ball(const data::LabelVolume& mask, double radius, const std::string& parameter) {
  return dilate_ball(erode_ball(mask, radius, parameter), radius, parameter);
}

data::LabelVolume close_ball(const data::LabelVolume& mask, double radius, const std::string& parameter) {
  return erode_ball(dilate_ball(mask, radius, parameter), radius, parameter);
}

}  // namespace hypera::core
