#include "core/measure/shape_metrics.h"

#include <cmath>
#include <limits>
#include <vector>

#include "data/io/components.h"

namespace hypera::core {
namespace {

// 2D: marching-squares contour length of every component, over the cells between pixel centres, the grid
// padded by one background pixel on each side.
std::vector<double> perimeters_2d(const data::InstanceVolume& ids, int32_t count) {
  const int64_t nx = ids.geometry.nx();
  const int64_t ny = ids.geometry.ny();
  const double sx = ids.geometry.spacing[0];
  const double sy = ids.geometry.spacing[1];
  const double half_diagonal = 0.5 * std::hypot(sx, sy);
  std::vector<double> perimeter(static_cast<size_t>(count) + 1, 0.0);
  const auto id_at = [&](int64_t x, int64_t y) {
    return x >= 0 && y >= 0 && x < nx && y < ny ? ids.at(x, y) : 0;
  };
  for (int64_t y = -1; y < ny; ++y) {
    for (int64_t x = -1; x < nx; ++x) {
      // Corners: 0 = (x, y), 1 = (x + 1, y), 2 = (x, y + 1), 3 = (x + 1, y + 1).
      const int32_t corner[4] = {id_at(x, y), id_at(x + 1, y), id_at(x, y + 1), id_at(x + 1, y + 1)};
      for (int k = 0; k < 4; ++k) {
        const int32_t id = corner[k];
        bool seen_before = id == 0;
        for (int j = 0; j < k; ++j) seen_before = seen_before || corner[j] == id;
        if (seen_before) continue;
        const bool in[4] = {corner[0] == id, corner[1] == id, corner[2] == id, corner[3] == id};
        const int n = in[0] + in[1] + in[2] + in[3];
        double length = 0;
        if (n == 1 || n == 3) {
          length = half_diagonal;
        } else if (n == 2) {
          if (in[0] == in[1]) {
            length = sx;  // top pair or bottom pair: the contour crosses the cell along x
          } else if (in[0] == in[2]) {
            length = sy;  // left pair or right pair: along y
          } else {
            length = 2 * half_diagonal;  // diagonal pair (saddle)
          }
        }
        perimeter[static_cast<size_t>(id)] += length;
      }
    }
  }
  return perimeter;
}

// 3D: exposed face area of every component (faces towards another id or outside the grid).
std::vector<double> surfaces_3d(const data::InstanceVolume& ids, int32_t count) {
  const data::Geometry& g = ids.geometry;
  const std::array<double, 3> face{g.spacing[1] * g.spacing[2], g.spacing[0] * g.spacing[2],
                                   g.spacing[0] * g.spacing[1]};
  std::vector<double> surface(static_cast<size_t>(count) + 1, 0.0);
  const auto id_at = [&](int64_t x, int64_t y, int64_t z) {
    return x >= 0 && y >= 0 && z >= 0 && x < g.nx() && y < g.ny() && z < g.nz() ? ids.at(x, y, z) : 0;
  };
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        const int32_t id = ids.at(x, y, z);
        if (id == 0) continue;
        double area = 0;
        area += (id_at(x - 1, y, z) != id) * face[0] + (id_at(x + 1, y, z) != id) * face[0];
        area += (id_at(x, y - 1, z) != id) * face[1] + (id_at(x, y + 1, z) != id) * face[1];
        area += (id_at(x, y, z - 1) != id) * face[2] + (id_at(x, y, z + 1) != id) * face[2];
        surface[static_cast<size_t>(id)] += area;
      }
    }
  }
  return surface;
}

// 2D Euler number of the mask (8-connected foreground, 4-connected background, outside = background) from
// Gray's bit-quad counts over the 2 x 2 cells of the padded grid: (n1 - n3 - 2 n_diagonal) / 4. It equals
// components - holes, which gives the holes without labelling the background.
int64_t euler_number_2d(const data::LabelVolume& mask) {
  const int64_t nx = mask.geometry.nx();
  const int64_t ny = mask.geometry.ny();
  const auto on = [&](int64_t x, int64_t y) { return x >= 0 && y >= 0 && x < nx && y < ny && mask.at(x, y) != 0; };
  int64_t quads = 0;
  for (int64_t y = -1; y < ny; ++y) {
    for (int64_t x = -1; x < nx; ++x) {
      const bool a = on(x, y);
      const bool b = on(x + 1, y);
      const bool c = on(x, y + 1);
      const bool d = on(x + 1, y + 1);
      const int n = a + b + c + d;
      if (n == 1) quads += 1;
      if (n == 3) quads -= 1;
      if (n == 2 && a == d) quads -= 2;  // diagonal pair
    }
  }
  return quads / 4;
}

// 3D: background components (face connectivity) that do not touch the grid border.
int64_t count_holes_3d(const data::LabelVolume& labels, uint8_t cls) {
  const data::Geometry& g = labels.geometry;
  data::LabelVolume background(g);
  for (size_t i = 0; i < labels.voxels.size(); ++i) background.voxels[i] = labels.voxels[i] != cls;
  int32_t count = 0;
  const data::InstanceVolume ids = data::label_components(background, data::Connectivity::Face, &count);
  std::vector<bool> touches_border(static_cast<size_t>(count) + 1, false);
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x) {
        const bool border = x == 0 || y == 0 || z == 0 || x == g.nx() - 1 || y == g.ny() - 1 || z == g.nz() - 1;
        if (border) touches_border[static_cast<size_t>(ids.at(x, y, z))] = true;
      }
    }
  }
  int64_t holes = 0;
  for (int32_t id = 1; id <= count; ++id) holes += !touches_border[static_cast<size_t>(id)];
  return holes;
}

}  // namespace

ShapeScores shape_scores(const data::LabelVolume& labels, uint8_t cls) {
  const data::Geometry& g = labels.geometry;
  data::LabelVolume mask(g);
  for (size_t i = 0; i < labels.voxels.size(); ++i) mask.voxels[i] = labels.voxels[i] == cls;
  int32_t count = 0;
  const data::InstanceVolume ids = data::label_components(mask, data::Connectivity::Full, &count);
  ShapeScores s;
  s.components = count;
  s.holes = g.is_2d() ? count - euler_number_2d(mask) : count_holes_3d(labels, cls);
  if (count == 0) {
    s.compactness = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  std::vector<int64_t> voxels(static_cast<size_t>(count) + 1, 0);
  for (const int32_t id : ids.voxels) ++voxels[static_cast<size_t>(id)];
  const bool two_d = g.is_2d();
  const std::vector<double> boundary = two_d ? perimeters_2d(ids, count) : surfaces_3d(ids, count);
  const double voxel_size = g.spacing[0] * g.spacing[1] * (two_d ? 1.0 : g.spacing[2]);
  double sum = 0;
  for (int32_t id = 1; id <= count; ++id) {
    const double b = boundary[static_cast<size_t>(id)];
    const double size = static_cast<double>(voxels[static_cast<size_t>(id)]) * voxel_size;
    sum += two_d ? b * b / (4 * M_PI * size) : b * b * b / (36 * M_PI * size * size);
  }
  s.compactness = sum / count;
  return s;
}

}  // namespace hypera::core
