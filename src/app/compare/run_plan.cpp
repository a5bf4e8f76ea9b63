#include "app/compare/run_plan.h"

#include <algorithm>
#include <set>

#include "app/compare/arms.h"
#include "core/train/text_fields.h"
#include "support/input_error.h"

namespace hypera::app {
namespace {

// "train.seed" of "--train.seed=3" (and of "--train.seed" followed by a separate value).
std::string override_key(const std::string& override_text) {
  const std::string key = override_text.substr(0, override_text.find('='));
  return key.rfind("--", 0) == 0 ? key.substr(2) : key;
}

bool is_option(const std::string& word) { return word.rfind("--", 0) == 0; }

// Throws when one of the user's overrides sets a key that compare sets for the arms or the seed.
void check_user_overrides(const CompareRequest& request, const ArmSettings& settings) {
  std::set<std::string> owned = {"train.seed"};
  for (const auto& arm : request.arms) {
    for (const auto& group : arm_groups(arm, settings)) {
      for (const auto& word : group.overrides) {
        if (is_option(word)) owned.insert(override_key(word));
      }
    }
  }
  refuse_owned_overrides(request.overrides, owned, "compare sets it per arm or seed");
}

// Throws naming --meta when an arm of meta-trained agents is asked for without a meta-training folder holding
// agents.
void check_meta(const CompareRequest& request) {
  const auto arm = std::find_if(request.arms.begin(), request.arms.end(), uses_meta_training);
  if (arm == request.arms.end()) return;
  if (request.meta.empty())
    throw InputError("option --meta: arm '" + *arm + "' needs --meta DIR (a meta-training folder)");
  const auto manifest = request.meta / "agents" / "manifest.txt";
  if (!std::filesystem::is_regular_file(manifest)) {
    throw InputError("option --meta: " + manifest.string() + " does not exist (no meta-trained agents)");
  }
}

// Throws naming --arms when an arm needs another arm that --arms lacks.
void check_source_arm(const std::vector<std::string>& arms, const std::string& arm, const std::string& source,
                      const std::string& needs) {
  if (!source.empty() && std::find(arms.begin(), arms.end(), source) == arms.end()) {
    throw InputError("option --arms: arm '" + arm + "' " + needs + " arm '" + source + "', which is missing");
  }
}

// 0 for most arms, 1 for warm-starting arms (after their sources), 2 for launch-1 arms: the plan's order.
int order_rank(const std::string& arm) {
  if (!replayed_arm(arm).empty()) return 2;
  return warm_start_arm(arm).empty() ? 0 : 1;
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
    check_arm_name(name);
    arms.push_back(name);
  }
  if (arms.empty()) throw InputError("option --arms: no arm given");
  return arms;
}

std::filesystem::path openloop_schedule_path(const std::filesystem::path& out) { return out / "openloop_schedule.csv"; }

std::vector<PlannedRun> plan_runs(const CompareRequest& request) {
  const ArmSettings settings{request.lr, request.meta, openloop_schedule_path(request.out), request.population};
  check_user_overrides(request, settings);
  check_meta(request);
  std::vector<std::string> order = request.arms;
  std::stable_sort(order.begin(), order.end(),
                   [](const std::string& a, const std::string& b) { return order_rank(a) < order_rank(b); });

  std::vector<PlannedRun> plan;
  for (const auto& arm : order) {
    const std::string source = warm_start_arm(arm);
    check_source_arm(order, arm, source, "warm-starts from");
    check_source_arm(order, arm, replayed_arm(arm), "replays the schedules of");
    if (!source.empty() && request.seeds < 2) {
      throw InputError("option --seeds: arm '" + arm + "' needs at least 2 seeds");
    }
    for (const auto& group : arm_groups(arm, settings)) {
      for (int seed = 0; seed < request.seeds; ++seed) {
        PlannedRun run;
        run.arm = arm;
        run.group = group.name;
        run.seed = seed;
        run.launch = replayed_arm(arm).empty() ? 0 : 1;
        run.ranks = group.ranks;
        run.folder = request.out / "runs" / group.name / seed_name(seed);
        run.log = request.out / "runs" / group.name / (seed_name(seed) + ".log");
        run.arguments = {"train",    "--config", request.config.string(), "--out", run.folder.string(),
                         "--resume", "auto"};
        run.arguments.insert(run.arguments.end(), request.overrides.begin(), request.overrides.end());
        run.arguments.insert(run.arguments.end(), group.overrides.begin(), group.overrides.end());
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
  }
  return plan;
}

}  // namespace hypera::app
