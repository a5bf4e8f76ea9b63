#pragma once
// A foreground/background bias in logit space that corrects systematic over- or under-segmentation.
#include "agents/segmentation/segmentation_agent.h"

namespace hypera::agents {

class FGBalanceAgent final : public SegmentationAgent {
 public:
  std::string name() const override { return "fg_balance"; }
  std::vector<OwnedParameter> parameters() const override { return {{"foreground_bias", 1.5}}; }
  //                                                  dice  hd95  p/r  compact  foreground  object_f1
  RewardVector specialty() const override { return {1.0, 0.0, 1.0, 0.0, 1.0, 0.0}; }
};

}  // namespace hypera::agents
