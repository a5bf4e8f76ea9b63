#pragma once
// A segmentation agent: a specialist that owns a few post-processing parameters (postprocess_params.h)
// and proposes, per image, corrections of them around a base setting. Its action is a SAC continuous action
// in [-1, 1]^A (A = owned parameters); action 0 proposes the base setting unchanged. Its specialty says which
// reward components (reward_components.h) judge it. The learning (SAC) lives in the coordinator; an agent
// is a stateless description, thread-safe.
#include <string>
#include <vector>

#include "agents/rewards/reward_components.h"
#include "core/postprocess/postprocess_params.h"

namespace hypera::agents {

// How an action value a in [-1, 1] becomes a value of the parameter.
enum class OffsetKind {
  Additive,      // base + a * scale, clamped to the parameter's bounds, rounded for integer parameters
  KeepFraction,  // max_objects: a >= 0 keeps the base value (0 = all objects); a < 0 keeps the largest
                 // round((1 + a) * base_components) objects (at least 1) of the image's base mask
};

struct OwnedParameter {
  std::string name;  // a name of core::parameter_ranges()
  double scale = 0;  // Additive: the largest change, in the parameter's units
  OffsetKind kind = OffsetKind::Additive;
};

struct ParameterProposal {
  std::string name;
  double value = 0;
};

class SegmentationAgent {
 public:
  virtual ~SegmentationAgent() = default;
  virtual std::string name() const = 0;
  virtual std::vector<OwnedParameter> parameters() const = 0;  // in the order of the action's dimensions
  virtual RewardVector specialty() const = 0;                  // non-negative weights, not all zero

  // One proposal per owned parameter. action: parameters().size() values in [-1, 1] (clamped);
  // base_components: the image's component count (SharedState). std::invalid_argument for a wrong action
  // size or a non-finite value.
  std::vector<ParameterProposal> propose(const std::vector<float>& action, const core::PostprocessParams& base,
                                         int64_t base_components) const;
};

}  // namespace hypera::agents
