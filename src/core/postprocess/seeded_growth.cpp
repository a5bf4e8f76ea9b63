#include "core/postprocess/seeded_growth.h"

#include <queue>
#include <vector>

#include "core/postprocess/neighbourhood.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

struct FrontVoxel {
  float height;
  int64_t order;  // push order: earlier first among equal heights
  int64_t index;
  bool operator<(const FrontVoxel& other) const {  // std::priority_queue pops the largest
    if (height != other.height) return height < other.height;
    return order > other.order;
  }
};

}  // namespace

data::InstanceVolume grow_seeds(const data::InstanceVolume& seeds, const data::LabelVolume& mask,
                                const data::ImageVolume& surface) {
  if (!seeds.geometry.same_grid(mask.geometry) || !surface.geometry.same_grid(mask.geometry)) {
    throw InputError("seeded growth: seeds, mask and surface must be on the same grid");
  }
  data::InstanceVolume labels = seeds;
  std::priority_queue<FrontVoxel> front;
  int64_t order = 0;
  for (int64_t i = 0; i < static_cast<int64_t>(labels.voxels.size()); ++i) {
    if (labels.voxels[i] != 0) front.push({surface.voxels[i], order++, i});
  }
  while (!front.empty()) {
    const int64_t p = front.top().index;
    front.pop();
    const int32_t id = labels.voxels[p];
    for_each_neighbour(mask.geometry, p, [&](int64_t q) {
      if (labels.voxels[q] == 0 && mask.voxels[q] != 0) {
        labels.voxels[q] = id;
        front.push({surface.voxels[q], order++, q});
      }
    });
  }
  return labels;
}

}  // namespace hypera::core
