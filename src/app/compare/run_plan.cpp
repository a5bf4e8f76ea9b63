#include "app/compare/run_plan.h"

#include <algorithm>
#include <set>

#include "app/compare/arms.h"
#include "core/train/text_fields.h"
#include "data/io/input_error.h"

namespace hypera::app {
namespace {

// "train.seed" of "--train.seed=3" (and of "--train.seed" followed by a separate value).
std::string override_key(const std::string& override_text) {
  const std::string key = override_text.substr(0, override_text.find('='));
  return key.rfind("--", 0) == 0 ? key.substr(2) : key;
}

// Throws when one of the user's overrides sets a key that compare sets for the arms or the seed.
void check_user_overrides(const CompareRequest& request) {
  std::set<std::string> owned = {"train.seed"};
  for (const auto& arm : request.arms) {
    for (const auto& override_text : arm_overrides(arm)) owned.insert(override_key(override_text));
  }
  refuse_owned_overrides(request.overrides, owned, "compare sets it per arm or seed");
}

std::string seed_name(int seed) { return "seed_" + std::to_string(seed); }

}  // namespace

void refuse_owned_overrides(const std::vector<std::string>& overrides, const std::set<std::string>& owned,
                            const std::string& reason) {
  for (const auto& override_text : overrides) {
    if (override_text.rfind("--", 0) == 0 && owned.count(override_key(override_text))) {
      throw InputError("option " + override_text.substr(0, override_text.find('=')) + ": " + reason + "; remove it");
    }
  }
}

std::vector<std::string> parse_arms(const std::string& text) {
  std::vector<std::string> arms;
  for (const auto& name : core::split_fields(text)) {
    if (name.empty()) throw InputError("option --arms: empty arm name in '" + text + "'");
    if (std::find(arms.begin(), arms.end(), name) != arms.end()) {
      throw InputError("option --arms: arm '" + name + "' is given twice");
    }
    arm_overrides(name);  // throws for an unknown arm
    arms.push_back(name);
  }
  if (arms.empty()) throw InputError("option --arms: no arm given");
  return arms;
}

std::vector<PlannedRun> plan_runs(const CompareRequest& request) {
  check_user_overrides(request);
  std::vector<std::string> order = request.arms;
  std::stable_partition(order.begin(), order.end(), [](const std::string& arm) { return warm_start_arm(arm).empty(); });

  std::vector<PlannedRun> plan;
  for (const auto& arm : order) {
    const std::string source = warm_start_arm(arm);
    if (!source.empty()) {
      if (std::find(order.begin(), order.end(), source) == order.end()) {
        throw InputError("option --arms: arm '" + arm + "' warm-starts from arm '" + source + "', which is missing");
      }
      if (request.seeds < 2) throw InputError("option --seeds: arm '" + arm + "' needs at least 2 seeds");
    }
    for (int seed = 0; seed < request.seeds; ++seed) {
      PlannedRun run;
      run.arm = arm;
      run.seed = seed;
      run.folder = request.out / "runs" / arm / seed_name(seed);
      run.log = request.out / "runs" / arm / (seed_name(seed) + ".log");
      run.arguments = {"train", "--config", request.config.string(), "--out", run.folder.string(), "--resume", "auto"};
      run.arguments.insert(run.arguments.end(), request.overrides.begin(), request.overrides.end());
      const auto overrides = arm_overrides(arm);
      run.arguments.insert(run.arguments.end(), overrides.begin(), overrides.end());
      run.arguments.push_back("--train.seed=" + std::to_string(seed));
      if (!source.empty()) {
        const int source_seed = (seed + 1) % request.seeds;
        const auto it = std::find_if(plan.begin(), plan.end(), [&](const PlannedRun& planned) {
          return planned.arm == source && planned.seed == source_seed;
        });
        run.waits_for = std::size_t(it - plan.begin());
        run.arguments.insert(run.arguments.end(), {"--agents-from", it->folder.string()});
      }
      plan.push_back(std::move(run));
    }
  }
  return plan;
}

}  // namespace hypera::app
