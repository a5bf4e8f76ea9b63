#pragma once
// The [population] section of the run configuration: population-based training (PBT) over the MPI ranks
// (pbt_controller.h). `mpirun -n N hypera_dist train --population.size=P` makes P members of N/P ranks each;
// size 1 (the default) is an ordinary run, unchanged. Bound like the agents' section (core::ConfigSection).
#include <string>
#include <vector>

#include "core/train/run_config.h"

namespace hypera::population {

struct PopulationOptions {
  int size = 1;                      // members; the world's ranks divide evenly among them
  int interval = 1;                  // validations between generations (train.validate_every epochs each)
  std::string fitness = "metric";    // metric: the validation's train.select_metric; improvement: its gain
                                     // since the member's previous generation (FIRE PBT's improvement rate)
  double quantile = 0.25;            // the bottom quantile copies a member of the top quantile
  bool exploit = true;               // false: members never copy each other (random search when perturbing)
  std::string explore = "perturb";   // perturb: PBT's x0.8/x1.2 or resample (also the members' start); agents:
                                     // the learned agents propose; none: values stay as configured or copied
  double resample_probability = 0.25;
  std::string hyperparameters = "optim.lr_scale,optim.weight_decay";  // the registry entries PBT explores
};

// A tunable that PBT explores: its registry name and its option name (population.csv's column).
struct ExploredTunable {
  std::string name;
  std::string config_key;
};

// The tunables that `list` (population.hyperparameters: option or registry names, comma-separated) names, in its
// order. InputError naming the option for an unknown name, the derived lr (optim.lr_scale is explored instead),
// the batch size (the members take the same steps: trainer.h's stop agreement, shared agents) or an empty list.
std::vector<ExploredTunable> explored_tunables(const std::string& list);

// The section that binds every field of `options` as "population.<field>" with its help, range and choices;
// `options` must outlive the section's use.
core::ConfigSection population_options_section(PopulationOptions& options);

}  // namespace hypera::population
