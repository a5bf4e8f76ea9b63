#include "core/seg/signed_distance.h"

#include <cmath>
#include <stdexcept>

#include "core/measure/distance_transform.h"

namespace hypera::core {
namespace {

// The surface of {label == c} as a 0/1 mask on the same grid; `any` tells whether it has a voxel.
data::LabelVolume class_surface(const data::LabelVolume& label, uint8_t c, bool& any) {
  const auto& size = label.geometry.size;
  data::LabelVolume surface(label.geometry, 0);
  any = false;
  const int64_t strides[3] = {1, size[0], size[0] * size[1]};
  int64_t i = 0;
  for (int64_t z = 0; z < size[2]; ++z) {
    for (int64_t y = 0; y < size[1]; ++y) {
      for (int64_t x = 0; x < size[0]; ++x, ++i) {
        if (label.voxels[i] != c) continue;
        const int64_t position[3] = {x, y, z};
        bool on_surface = false;
        for (int axis = 0; axis < 3 && !on_surface; ++axis) {
          if (position[axis] > 0 && label.voxels[i - strides[axis]] != c) on_surface = true;
          if (position[axis] + 1 < size[axis] && label.voxels[i + strides[axis]] != c) on_surface = true;
        }
        if (on_surface) {
          surface.voxels[i] = 1;
          any = true;
        }
      }
    }
  }
  return surface;
}

}  // namespace

std::vector<float> signed_distance_map(const data::LabelVolume& label, uint8_t label_class) {
  std::vector<float> phi(label.voxels.size(), 0.0f);
  bool any = false;
  const data::LabelVolume surface = class_surface(label, label_class, any);
  if (!any) return phi;
  const std::vector<double> squared = squared_distance_to_set(surface);
  for (size_t i = 0; i < phi.size(); ++i) {
    const float distance = static_cast<float>(std::sqrt(squared[i]));
    phi[i] = label.voxels[i] == label_class ? -distance : distance;
  }
  return phi;
}

std::vector<float> foreground_signed_distance_maps(const data::LabelVolume& label, int num_classes) {
  if (num_classes < 2) throw std::invalid_argument("foreground_signed_distance_maps: needs at least 2 classes");
  std::vector<float> maps;
  maps.reserve(label.voxels.size() * static_cast<size_t>(num_classes - 1));
  for (int c = 1; c < num_classes; ++c) {
    const std::vector<float> phi = signed_distance_map(label, static_cast<uint8_t>(c));
    maps.insert(maps.end(), phi.begin(), phi.end());
  }
  return maps;
}

}  // namespace hypera::core
