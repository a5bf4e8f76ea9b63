#pragma once
// The arms of `hypera_dist compare`: an arm is one or more named groups of runs, each group a list of
// configuration overrides that every one of its runs gets (the seed is added per run by the run plan).
//   constant (alias baseline)       --train.schedule=constant
//   constant-tuned                  a learning-rate sweep: groups constant-lr<f> for f in kTunedLrFactors, each
//                                   --train.schedule=constant --optim.lr=<f * the configuration's optim.lr>
//   poly, cosine, onecycle, plateau --train.schedule=<name>                       (the fixed schedules)
//   agents                          --train.schedule=poly --agents.enabled=all
//   agents-warm                     as agents; each run also starts from the agents another seed's `agents`
//                                   run trained (the run plan adds --agents-from)
//   agents-no-<name>                as agents with --agents.disabled=<name> (an ablation; train checks <name>)
//   agents-meta                     as agents with --agents-from META/agents --agents.learn=false (the
//                                   meta-trained agents, frozen)
//   agents-random                   as agents with --agents.policy=random (control: agents acting at random)
//   agents-openloop                 --train.schedule=poly --train.replay_schedule=<file> (control: the mean
//                                   schedule of the agents-meta runs, replayed without feedback)
// Population arms: each run is a population of P members (settings.population; P ranks under mpiexec, one per
// member), so each costs P runs' compute; its result is the winning member's (best validation):
//   population-poly                 poly, no copies, no explore: the best of P seeds (the fixed schedule at
//                                   the population's compute)
//   random-search                   poly, no copies, members 1.. draw population.hyperparameters from their bounds
//   pbt                             poly, PBT: copies and perturbation
//   pbt-agents                      PBT whose explore step is the learned agents (agents.enabled=all but the
//                                   batch_size agent, which a population refuses)
//   pbt-agents-meta                 as pbt-agents with the meta-trained agents, frozen (--agents-from
//                                   META/agents --agents.learn=false)
//   population-agents               the learned agents sharing one replay over the members, no copies
// Every arm but constant-tuned has one group named like the arm. Pure functions of their arguments;
// thread-safe.
#include <filesystem>
#include <string>
#include <vector>

namespace hypera::app {

// The factors of the configuration's optim.lr that constant-tuned sweeps.
const std::vector<double> kTunedLrFactors = {0.25, 0.5, 1, 2, 4};

// What the overrides of some arms depend on.
struct ArmSettings {
  double lr = 0;                            // the configuration's optim.lr (constant-tuned)
  std::filesystem::path meta;               // the meta-training folder (agents-meta, pbt-agents-meta)
  std::filesystem::path openloop_schedule;  // the schedule file that agents-openloop replays
  int population = 4;                       // members (and ranks) of a population arm's run
};

struct ArmGroup {
  std::string name;                    // names the run folders: runs/<name>/seed_<k>
  std::vector<std::string> overrides;  // "--section.key=value" and command options ("--agents-from", DIR)
  int ranks = 1;                       // MPI ranks of each run (a population arm's members)
};

// Throws hypera::InputError, one line naming --arms and `name` and listing the known arms, for an unknown name.
void check_arm_name(const std::string& name);

// The groups of arm `name` (five for constant-tuned, in kTunedLrFactors order; one for every other arm).
// Throws as check_arm_name for an unknown name.
std::vector<ArmGroup> arm_groups(const std::string& name, const ArmSettings& settings);

// True for the fixed-schedule arms, the reference class of the comparison: constant, baseline,
// constant-tuned, poly, cosine, onecycle, plateau, population-poly (not the sweep groups of constant-tuned).
bool is_fixed_arm(const std::string& name);

// True for the arms whose runs use agents (every name starting with "agents" except agents-openloop, which
// only replays a schedule; pbt-agents, pbt-agents-meta, population-agents).
bool is_agent_arm(const std::string& name);

// True for the arms that deploy meta-trained agents (agents-meta, pbt-agents-meta): they need --meta, and the
// meta-training's seconds count in their compute.
bool uses_meta_training(const std::string& name);

// True for the population arms (run by mpiexec, settings.population ranks each).
bool is_population_arm(const std::string& name);

// The arm whose runs a run of `name` warm-starts from ("agents" for agents-warm), or "" for none.
std::string warm_start_arm(const std::string& name);

// The arm whose runs' schedules a run of `name` replays ("agents-meta" for agents-openloop), or "" for none.
std::string replayed_arm(const std::string& name);

}  // namespace hypera::app
