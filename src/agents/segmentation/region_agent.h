#pragma once
// Foreground threshold, hole filling, minimum object size and the threshold of confident seeds for region
// growing (seed_threshold acts with interior seeds only; the BBBC039 base uses distance seeds).
#include "agents/segmentation/segmentation_agent.h"

namespace hypera::agents {

class RegionAgent final : public SegmentationAgent {
 public:
  std::string name() const override { return "region"; }
  std::vector<OwnedParameter> parameters() const override { return {{"threshold", 0.2}, {"max_hole_size", 64}, {"min_size", 24}, {"seed_threshold", 0.4}}; }
  //                                                  dice  hd95  p/r  compact  foreground  object_f1
  RewardVector specialty() const override { return {1.0, 0.5, 1.0, 0.0, 1.0, 0.5}; }
};

}  // namespace hypera::agents
