#include "core/postprocess/hole_filling.h"

#include <string>

#include "data/io/components.h"
#include "support/input_error.h"

namespace hypera::core {

data::LabelVolume fill_holes(const data::LabelVolume& mask, int64_t max_hole_size) {
  if (max_hole_size < 0) {
    throw InputError("postprocess.max_hole_size: must be >= 0, got " + std::to_string(max_hole_size));
  }
  data::LabelVolume result(mask.geometry);
  for (size_t i = 0; i < result.voxels.size(); ++i) result.voxels[i] = mask.voxels[i] != 0;
  if (max_hole_size == 0) return result;
  const data::RunComponents background = data::run_components(mask, data::Connectivity::Face, data::ComponentsOf::Zero);
  for (size_t r = 0; r < background.runs.size(); ++r) {
    const int32_t id = background.id[r];
    if (background.border[id] || background.size[id] > max_hole_size) continue;
    const data::VoxelRun& run = background.runs[r];
    for (int64_t x = run.begin; x < run.end; ++x) result.voxels[run.row * mask.geometry.nx() + x] = 1;
  }
  return result;
}

}  // namespace hypera::core
