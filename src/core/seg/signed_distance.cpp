#include "core/seg/signed_distance.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/measure/distance_transform.h"

namespace hypera::core {
namespace {

// The surface of {label == c} as a 0/1 mask on the same grid, into `surface`; true when it has a voxel. A row
// at a time: a neighbour outside the grid is replaced by the voxel itself, which never differs from it.
bool class_surface(const data::LabelVolume& label, uint8_t c, data::LabelVolume& surface) {
  const data::Geometry& g = label.geometry;
  const int64_t nx = g.nx();
  const int64_t slice = nx * g.ny();
  surface.geometry = g;
  surface.voxels.resize(label.voxels.size());
  uint8_t marked = 0;
  for (int64_t z = 0; z < g.nz(); ++z) {
    for (int64_t y = 0; y < g.ny(); ++y) {
      const uint8_t* row = &label.at(0, y, z);
      const uint8_t* up = y > 0 ? row - nx : row;
      const uint8_t* down = y + 1 < g.ny() ? row + nx : row;
      const uint8_t* front = z > 0 ? row - slice : row;
      const uint8_t* back = z + 1 < g.nz() ? row + slice : row;
      uint8_t* out = &surface.at(0, y, z);
      const auto mark = [&](int64_t x, int64_t left, int64_t right) {
        const bool differs = (row[left] != c) | (row[right] != c) | (up[x] != c) | (down[x] != c) |
                             (front[x] != c) | (back[x] != c);
        out[x] = static_cast<uint8_t>((row[x] == c) & differs);
        marked |= out[x];
      };
      mark(0, 0, nx > 1 ? 1 : 0);
      for (int64_t x = 1; x + 1 < nx; ++x) mark(x, x - 1, x + 1);
      if (nx > 1) mark(nx - 1, nx - 2, nx - 1);
    }
  }
  return marked != 0;
}

// Working memory of the maps, reused from class to class.
struct Scratch {
  data::LabelVolume surface;
  std::vector<double> squared;
};

// phi for class c into phi[0 .. voxels).
void write_signed_distance(const data::LabelVolume& label, uint8_t c, float* phi, Scratch& scratch) {
  if (!class_surface(label, c, scratch.surface)) {
    std::fill(phi, phi + label.voxels.size(), 0.0f);
    return;
  }
  squared_distance_to_set(scratch.surface, scratch.squared);
  const double* squared = scratch.squared.data();
  const uint8_t* inside = label.voxels.data();
  for (size_t i = 0; i < label.voxels.size(); ++i) {
    const float distance = static_cast<float>(std::sqrt(squared[i]));
    phi[i] = inside[i] == c ? -distance : distance;
  }
}

}  // namespace

std::vector<float> signed_distance_map(const data::LabelVolume& label, uint8_t label_class) {
  std::vector<float> phi(label.voxels.size());
  Scratch scratch;
  write_signed_distance(label, label_class, phi.data(), scratch);
  return phi;
}

std::vector<float> foreground_signed_distance_maps(const data::LabelVolume& label, int num_classes) {
  if (num_classes < 2) throw std::invalid_argument("foreground_signed_distance_maps: needs at least 2 classes");
  std::vector<float> maps(label.voxels.size() * static_cast<size_t>(num_classes - 1));
  Scratch scratch;
  for (int c = 1; c < num_classes; ++c) {
    float* channel = maps.data() + label.voxels.size() * static_cast<size_t>(c - 1);
    write_signed_distance(label, static_cast<uint8_t>(c), channel, scratch);
  }
  return maps;
}

}  // namespace hypera::core
