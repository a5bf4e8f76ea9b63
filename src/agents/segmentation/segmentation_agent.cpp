#include "agents/segmentation/segmentation_agent.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hypera::agents {
namespace {

const core::ParameterRange& range_of(const std::string& name) {
  for (const auto& range : core::parameter_ranges()) {
    if (range.name == name) return range;
  }
  throw std::invalid_argument("segmentation agent: unknown parameter " + name);
}

}  // namespace

std::vector<ParameterProposal> SegmentationAgent::propose(const std::vector<float>& action,
                                                          const core::PostprocessParams& base,
                                                          int64_t base_components) const {
  const std::vector<OwnedParameter> owned = parameters();
  if (action.size() != owned.size()) {
    throw std::invalid_argument(name() + ": expected " + std::to_string(owned.size()) + " action values, got " +
                                std::to_string(action.size()));
  }
  std::vector<ParameterProposal> out;
  for (size_t i = 0; i < owned.size(); ++i) {
    if (!std::isfinite(action[i])) throw std::invalid_argument(name() + ": non-finite action");
    const double a = std::clamp(static_cast<double>(action[i]), -1.0, 1.0);
    const core::ParameterRange& range = range_of(owned[i].name);
    const double base_value = core::get_parameter(base, owned[i].name);
    double value = base_value;
    if (owned[i].kind == OffsetKind::Additive) {
      value = std::clamp(base_value + a * owned[i].scale, range.lower, range.upper);
      if (range.integer) value = std::round(value);
    } else if (a < 0) {
      value = std::max(1.0, std::round((1 + a) * static_cast<double>(base_components)));
    }
    out.push_back({owned[i].name, value});
  }
  return out;
}

}  // namespace hypera::agents
