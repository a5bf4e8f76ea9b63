#include "core/postprocess/morphology.h"

#include <cmath>
#include <vector>

#include "core/measure/distance_transform.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

void check_radius(double radius, const std::string& parameter) {
  if (!std::isfinite(radius) || radius < 0) {
    throw InputError(parameter + ": ball radius must be a finite value >= 0, got " + std::to_string(radius));
  }
}

// Squared voxel distance from every voxel to the nearest voxel whose "is foreground" equals `to_foreground`.
std::vector<double> squared_distance_to(const data::LabelVolume& mask, bool to_foreground) {
  data::LabelVolume set(mask.geometry);
  set.geometry.spacing = {1, 1, 1};
  for (size_t i = 0; i < set.voxels.size(); ++i) set.voxels[i] = (mask.voxels[i] != 0) == to_foreground;
  return squared_distance_to_set(set);
}

// 1 where keep(i), else 0.
template <class Keep>
data::LabelVolume select(const data::Geometry& geometry, Keep keep) {
  data::LabelVolume out(geometry);
  for (size_t i = 0; i < out.voxels.size(); ++i) out.voxels[i] = keep(i) ? 1 : 0;
  return out;
}

}  // namespace

data::LabelVolume erode_ball(const data::LabelVolume& mask, double radius, const std::string& parameter) {
  check_radius(radius, parameter);
  if (radius == 0) return select(mask.geometry, [&](size_t i) { return mask.voxels[i] != 0; });
  const std::vector<double> d2 = squared_distance_to(mask, false);
  const double r2 = radius * radius;
  return select(mask.geometry, [&](size_t i) { return mask.voxels[i] != 0 && d2[i] > r2; });
}

data::LabelVolume dilate_ball(const data::LabelVolume& mask, double radius, const std::string& parameter) {
  check_radius(radius, parameter);
  if (radius == 0) return select(mask.geometry, [&](size_t i) { return mask.voxels[i] != 0; });
  const std::vector<double> d2 = squared_distance_to(mask, true);
  const double r2 = radius * radius;
  return select(mask.geometry, [&](size_t i) { return d2[i] <= r2; });
}

data::LabelVolume open_ball(const data::LabelVolume& mask, double radius, const std::string& parameter) {
  return dilate_ball(erode_ball(mask, radius, parameter), radius, parameter);
}

data::LabelVolume close_ball(const data::LabelVolume& mask, double radius, const std::string& parameter) {
  return erode_ball(dilate_ball(mask, radius, parameter), radius, parameter);
}

}  // namespace hypera::core
