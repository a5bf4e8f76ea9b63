#pragma once
// Boundary refinement and contour smoothing: the weight of the boundary class in the interior score
// (three-class models, interior seeds) and the Gaussian smoothing of the maps.
#include "agents/segmentation/segmentation_agent.h"

namespace hypera::agents {

class BoundaryAgent final : public SegmentationAgent {
 public:
  std::string name() const override { return "boundary"; }
  std::vector<OwnedParameter> parameters() const override { return {{"boundary_weight", 1.0}, {"smoothing_sigma", 1.5}}; }
  //                                                  dice  hd95  p/r  compact  foreground  object_f1
  RewardVector specialty() const override { return {0.5, 1.0, 0.0, 1.0, 0.0, 0.5}; }
};

}  // namespace hypera::agents
