#include "app/compare/arms.h"

#include <algorithm>
#include <cctype>

#include "data/io/input_error.h"

namespace hypera::app {
namespace {

const std::vector<std::string> kFixedSchedules = {"baseline", "poly", "cosine", "onecycle", "plateau"};
const std::string kAblationPrefix = "agents-no-";
const std::string kAgentOverride = "--agents.enabled=all";

bool is_identifier(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

}  // namespace

std::vector<std::string> arm_overrides(const std::string& name) {
  if (name == "baseline") return {"--train.schedule=constant"};
  if (is_fixed_arm(name)) return {"--train.schedule=" + name};
  if (name == "agents" || name == "agents-warm") return {"--train.schedule=constant", kAgentOverride};
  if (name.rfind(kAblationPrefix, 0) == 0 && is_identifier(name.substr(kAblationPrefix.size()))) {
    return {"--train.schedule=constant", kAgentOverride, "--agents.disabled=" + name.substr(kAblationPrefix.size())};
  }
  throw InputError("option --arms: unknown arm '" + name +
                   "' (known: baseline, poly, cosine, onecycle, plateau, agents, agents-warm, agents-no-<agent>)");
}

bool is_fixed_arm(const std::string& name) {
  return std::find(kFixedSchedules.begin(), kFixedSchedules.end(), name) != kFixedSchedules.end();
}

bool is_agent_arm(const std::string& name) { return name.rfind("agents", 0) == 0; }

std::string warm_start_arm(const std::string& name) { return name == "agents-warm" ? "agents" : ""; }

}  // namespace hypera::app
