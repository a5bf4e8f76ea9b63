#include "agents/hyperparameter/batch_size_agent.h"

namespace hypera::agents {

int64_t memory_safe_batch_size(int64_t patch_voxels, int64_t base_channels, double available_bytes) {
  constexpr double kFloatsPerVoxelAndChannel = 24, kBytesPerFloat = 4;
  const double per_sample = double(patch_voxels) * double(base_channels) * kFloatsPerVoxelAndChannel * kBytesPerFloat;
  return std::max<int64_t>(1, static_cast<int64_t>(0.5 * available_bytes / per_sample));
}

}  // namespace hypera::agents
