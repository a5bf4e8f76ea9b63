#pragma once
// Shape and topology: opening and closing radii, and keep-largest (the number of objects kept, as a
// fraction of the image's base components; organ-like targets keep one).
#include "agents/segmentation/segmentation_agent.h"

namespace hypera::agents {

class ShapeAgent final : public SegmentationAgent {
 public:
  std::string name() const override { return "shape"; }
  std::vector<OwnedParameter> parameters() const override { return {{"open_radius", 2.0}, {"close_radius", 2.0}, {"max_objects", 0, OffsetKind::KeepFraction}}; }
  //                                                  dice  hd95  p/r  compact  foreground  object_f1
  RewardVector specialty() const override { return {0.5, 1.0, 0.0, 1.0, 0.0, 0.5}; }
};

}  // namespace hypera::agents
