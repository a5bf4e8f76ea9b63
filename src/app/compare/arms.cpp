#include "app/compare/arms.h"

#include <algorithm>
#include <cctype>

#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::app {
namespace {

const std::vector<std::string> kFixedArms = {"constant", "baseline", "constant-tuned", "poly",
                                             "cosine",   "onecycle", "plateau",        "population-poly"};
const std::vector<std::string> kPopulationArms = {"population-poly", "random-search", "pbt", "pbt-agents",
                                                  "pbt-agents-meta", "population-agents"};
const std::vector<std::string> kAgentArms = {"agents", "agents-warm", "agents-meta", "agents-random"};
const std::string kAblationPrefix = "agents-no-";
const std::vector<std::string> kAgents = {"--train.schedule=poly", "--agents.enabled=all"};

bool is_identifier(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
}

bool is_ablation(const std::string& name) {
  return name.rfind(kAblationPrefix, 0) == 0 && is_identifier(name.substr(kAblationPrefix.size()));
}

std::vector<std::string> plus(std::vector<std::string> words, const std::vector<std::string>& more) {
  words.insert(words.end(), more.begin(), more.end());
  return words;
}

// "0.25" of 0.25: the factor as it appears in a sweep group's name.
std::string factor_name(double factor) { return support::format_number(factor); }

// The meta-trained agents, deployed frozen.
std::vector<std::string> meta_agents(const ArmSettings& settings) {
  return {"--agents-from", (settings.meta / "agents").string(), "--agents.learn=false"};
}

// The overrides of a population arm's runs (arms.h).
std::vector<std::string> population_overrides(const std::string& name, const ArmSettings& settings) {
  std::vector<std::string> words = {"--train.schedule=poly",
                                    "--population.size=" + std::to_string(settings.population)};
  if (name == "population-poly") return plus(words, {"--population.exploit=false", "--population.explore=none"});
  if (name == "random-search") {
    return plus(words, {"--population.exploit=false", "--population.resample_probability=1"});
  }
  if (name == "pbt") return words;
  // The batch_size agent would put the members' steps out of step with the agents they share (population_mode.h).
  words = plus(words, {"--agents.enabled=all", "--agents.disabled=batch_size", "--population.explore=agents"});
  if (name == "population-agents") words.push_back("--population.exploit=false");
  if (name == "pbt-agents-meta") return plus(words, meta_agents(settings));
  return words;
}

}  // namespace

void check_arm_name(const std::string& name) {
  const bool known = std::find(kFixedArms.begin(), kFixedArms.end(), name) != kFixedArms.end() ||
                     std::find(kAgentArms.begin(), kAgentArms.end(), name) != kAgentArms.end() ||
                     name == "agents-openloop" || is_ablation(name) || is_population_arm(name);
  if (!known) {
    throw InputError("option --arms: unknown arm '" + name +
                     "' (known: constant, baseline, constant-tuned, poly, cosine, onecycle, plateau, agents, "
                     "agents-warm, agents-meta, agents-random, agents-openloop, agents-no-<agent>, population-poly, "
                     "random-search, pbt, pbt-agents, pbt-agents-meta, population-agents)");
  }
}

std::vector<ArmGroup> arm_groups(const std::string& name, const ArmSettings& settings) {
  check_arm_name(name);
  if (is_population_arm(name)) return {{name, population_overrides(name, settings), settings.population}};
  if (name == "constant" || name == "baseline") return {{name, {"--train.schedule=constant"}}};
  if (name == "constant-tuned") {
    std::vector<ArmGroup> sweep;
    for (double factor : kTunedLrFactors) {
      sweep.push_back({"constant-lr" + factor_name(factor),
                       {"--train.schedule=constant", "--optim.lr=" + support::format_number(factor * settings.lr)}});
    }
    return sweep;
  }
  if (is_fixed_arm(name)) return {{name, {"--train.schedule=" + name}}};
  if (name == "agents" || name == "agents-warm") return {{name, kAgents}};
  if (name == "agents-meta") return {{name, plus(kAgents, meta_agents(settings))}};
  if (name == "agents-random") return {{name, plus(kAgents, {"--agents.policy=random"})}};
  if (name == "agents-openloop") {
    return {{name, {"--train.schedule=poly", "--train.replay_schedule=" + settings.openloop_schedule.string()}}};
  }
  return {{name, plus(kAgents, {"--agents.disabled=" + name.substr(kAblationPrefix.size())})}};  // an ablation
}

bool is_fixed_arm(const std::string& name) {
  return std::find(kFixedArms.begin(), kFixedArms.end(), name) != kFixedArms.end();
}

bool is_agent_arm(const std::string& name) {
  return (name.rfind("agents", 0) == 0 && name != "agents-openloop") || name == "pbt-agents" ||
         uses_meta_training(name) || name == "population-agents";
}

bool is_population_arm(const std::string& name) {
  return std::find(kPopulationArms.begin(), kPopulationArms.end(), name) != kPopulationArms.end();
}

bool uses_meta_training(const std::string& name) { return name == "agents-meta" || name == "pbt-agents-meta"; }

std::string warm_start_arm(const std::string& name) { return name == "agents-warm" ? "agents" : ""; }

std::string replayed_arm(const std::string& name) { return name == "agents-openloop" ? "agents-meta" : ""; }

}  // namespace hypera::app
