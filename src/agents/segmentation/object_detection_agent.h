#pragma once
// Objects: seeds that split touching objects (h of the distance h-maxima), the minimum object size and
// the minimum object confidence; judged mostly by object F1.
#include "agents/segmentation/segmentation_agent.h"

namespace hypera::agents {

class ObjectDetectionAgent final : public SegmentationAgent {
 public:
  std::string name() const override { return "object_detection"; }
  std::vector<OwnedParameter> parameters() const override { return {{"min_seed_distance", 1.5}, {"min_size", 24}, {"min_confidence", 0.3}}; }
  //                                                  dice  hd95  p/r  compact  foreground  object_f1
  RewardVector specialty() const override { return {0.25, 0.25, 0.25, 0.0, 0.0, 1.0}; }
};

}  // namespace hypera::agents
