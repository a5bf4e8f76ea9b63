#include "population/population_options.h"

#include "core/train/text_fields.h"
#include "core/train/tunables.h"
#include "support/input_error.h"

namespace hypera::population {

std::vector<ExploredTunable> explored_tunables(const std::string& list) {
  std::vector<ExploredTunable> explored;
  for (const std::string& wanted : core::split_fields(list)) {
    ExploredTunable candidate;
    for (const core::TunableDefinition& definition : core::tunable_definitions()) {
      if (wanted == definition.config_key || wanted == definition.spec.name) {
        candidate = {definition.spec.name, definition.config_key};
      }
    }
    if (candidate.name.empty() || candidate.name == core::tunable::kLr.name) {
      throw InputError("option 'population.hyperparameters': '" + wanted +
                       "' is not a tunable PBT can explore (use optim.lr_scale for the learning rate)");
    }
    if (candidate.name == core::tunable::kBatchSize.name) {
      throw InputError("option 'population.hyperparameters': " + candidate.config_key +
                       " cannot be explored: the members take the same steps (they agree on each step to stop "
                       "together at a signal, and share agents)");
    }
    explored.push_back(candidate);
  }
  if (explored.empty()) throw InputError("option 'population.hyperparameters': names no tunable");
  return explored;
}

core::ConfigSection population_options_section(PopulationOptions& o) {
  return [&o](core::OptionTable& t) {
    t.add("population.size", &o.size,
          "population members (PBT): mpirun -n N makes size members of N/size ranks; 1: no population", {{1, 1e6}});
    t.add("population.interval", &o.interval, "validations between PBT generations", {{1, 1e9}});
    t.add_choice("population.fitness", &o.fitness, {"metric", "improvement"},
                 "what ranks the members: the validation's train.select_metric, or its gain since the member's "
                 "previous generation");
    t.add("population.quantile", &o.quantile, "the bottom quantile copies a member of the top one", {{0.01, 0.5}});
    t.add("population.exploit", &o.exploit, "false: members never copy each other (random search)");
    t.add_choice("population.explore", &o.explore, {"perturb", "agents", "none"},
                 "perturb: x0.8 or x1.2 or a fresh draw from the bounds, after a copy and for the start of every "
                 "member but member 0; agents: the learned agents' proposals (needs agents.enabled); none: keep the "
                 "configured or copied values");
    t.add("population.resample_probability", &o.resample_probability,
          "perturb: chance of a fresh draw instead of x0.8/x1.2", {{0, 1}});
    t.add("population.hyperparameters", &o.hyperparameters, "the tunables PBT explores, comma-separated");
  };
}

}  // namespace hypera::population
