#include "core/train/model_factory.h"

#include "core/train/tunables.h"

namespace hypera::core {

UNetOptions unet_options(const RunConfig& config, int in_channels, int num_classes) {
  UNetOptions o;
  o.spatial_dims = config.model.spatial_dims;
  o.in_channels = in_channels;
  o.num_classes = num_classes;
  o.depth = config.model.depth;
  o.base_channels = config.model.base_channels;
  o.norm = config.model.norm;
  o.groups = config.model.groups;
  o.dropout = config.tunables.count(tunable::kDropout) ? config.tunables.at(tunable::kDropout) : 0.0;
  o.seed = config.train.seed;
  return o;
}

}  // namespace hypera::core
