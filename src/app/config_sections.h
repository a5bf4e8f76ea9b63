#pragma once
// The sections that layers above core add to the run configuration, the same for every command of hypera_dist
// (train, prepare, compare, meta-train, infer, refine-train), so that a config file or --section.key override
// valid for one is valid for all and a run's config.ini reads back: the hyperparameter agents' [agents]
// (agents/hyperparameter/agent_options.h) and population mode's [population] (population/population_options.h).
#include <vector>

#include "agents/hyperparameter/agent_options.h"
#include "core/train/run_config.h"
#include "population/population_options.h"

namespace hypera::app {

struct ConfigSections {
  agents::AgentOptions agents;  // [agents] as parsed (the defaults before)
  population::PopulationOptions population;  // [population] as parsed

  // The sections for core::load_run_config, run_config_help and load_run_model. They write into the fields
  // above, so this object must outlive their use.
  std::vector<core::ConfigSection> bound();
};

}  // namespace hypera::app
