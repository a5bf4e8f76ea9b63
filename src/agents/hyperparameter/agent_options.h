#pragma once
// The [agents] section of the run configuration: which hyperparameter agents run and how they decide and learn.
// The agents own it; the config loader binds it as a section of a layer above core (core::ConfigSection,
// run_config.h), between [train] and the tunables, so `[agents] enabled = all` in a file is
// `--agents.enabled=all` on the command line and RUN/config.ini lists it after [train].
#include <string>

#include "core/train/run_config.h"

namespace hypera::agents {

// Empty `enabled` = no agents: fixed settings.
struct AgentOptions {
  std::string enabled;                   // "all" or comma-separated agent names
  std::string disabled;                  // names removed from `enabled` (ablations)
  std::string strategy = "weighted_average";  // conflicts: weighted_average | priority_based | consensus
  double consensus_tolerance = 0.1;      // consensus: relative spread of proposals that still agree
  int lr_every = 10;                     // batches between learning-rate decisions
  int loss_every = 25;                   // batches between loss-weight decisions
  std::string hidden = "64,64";          // SAC network widths
  int sac_batch = 32;                    // SAC minibatch
  int warmup = 6;                        // decisions per agent with uniform random actions
  double gamma = 0.9;                    // discount per decision
  int n_step = 3;                        // n-step returns
  double reward_clip = 3;                // z-scored rewards are clipped to +-reward_clip
  std::string policy = "learned";        // learned | neutral (configured values) | random (a control)
  bool learn = true;                     // false: act deterministically, store and update nothing
  std::string reward = "agent";          // agent (per-agent terms) | team (one shared reward)
  std::string baseline_score;            // paired fixed-schedule validation score (empty: none)
};

// The section that binds every field of `options` as "agents.<field>" (its current values are the defaults,
// with help text, ranges and choices; a bad value is an InputError naming the option). The loader writes the
// parsed values into `options`, which must outlive the section's use.
core::ConfigSection agent_options_section(AgentOptions& options);

}  // namespace hypera::agents
