#pragma once
// The arms of `hypera_dist compare`: an arm is a named list of configuration overrides that every one of its
// runs gets (the seed is added per run by the run plan).
//   baseline                        --train.schedule=constant
//   poly, cosine, onecycle, plateau --train.schedule=<name>                       (the fixed schedules)
//   agents                          --train.schedule=constant --agents.enabled=all
//   agents-warm                     as agents; each run also starts from the agents another seed's `agents`
//                                   run trained (the run plan adds --agents-from)
//   agents-no-<name>                as agents with --agents.disabled=<name> (an ablation; train checks <name>)
// Pure functions of their arguments; thread-safe.
#include <string>
#include <vector>

namespace hypera::app {

// The overrides ("--section.key=value") of arm `name`. Throws hypera::InputError, one line naming --arms and
// `name` and listing the known arms, for an unknown name.
std::vector<std::string> arm_overrides(const std::string& name);

// True for the fixed-schedule arms (baseline, poly, cosine, onecycle, plateau), the reference class of the
// comparison.
bool is_fixed_arm(const std::string& name);

// True for the arms whose runs use agents (every name starting with "agents").
bool is_agent_arm(const std::string& name);

// The arm whose runs a run of `name` warm-starts from ("agents" for agents-warm), or "" for none.
std::string warm_start_arm(const std::string& name);

}  // namespace hypera::app
