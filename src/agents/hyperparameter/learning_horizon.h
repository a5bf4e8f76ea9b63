#pragma once
// Whether an agent can learn within a run: how many decisions its cadence gives it over the epochs still to
// train, and whether they are enough for SAC's first update (SacAgent::observe: warm-up decisions observed
// and max(sac_batch, ranks) transitions in the union of the replay shards; every decision completes one
// transition per rank, the last one at the end of training). Pure functions; thread-safe.
#include <cstdint>
#include <string>

#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

struct RunHorizon {
  int64_t first_epoch = 0;        // the epoch training starts (or resumes) at
  int64_t epochs = 0;             // train.epochs
  int64_t batches_per_epoch = 0;  // optimizer steps of an epoch at the configured batch size
  int64_t validate_every = 1;     // train.validate_every (the last epoch always validates)
  int ranks = 1;
};

// Decisions of an agent with `cadence` from horizon.first_epoch to the end (each rank makes this many).
int64_t planned_decisions(const AgentCadence& cadence, const RunHorizon& horizon);

// Every observed step becomes exactly one transition (the n-step accumulator flushes at the end of a run),
// and so does every decision still to be completed: the open one (a resumed run) and those to come.
struct LearnerProgress {
  int64_t steps_observed = 0;  // SacAgent::steps_observed() now (a resumed or persisted agent has some)
  bool open_decision = false;  // a decision made before a resume, still to be completed
  int64_t updates = 0;         // SacAgent::updates_done() now
};

// "" when the agent reaches its first update before the run ends (or has updated already); otherwise one
// line saying how many decisions it makes and how many it needs.
std::string first_update_problem(const std::string& agent, int64_t decisions, const LearnerProgress& progress,
                                 int64_t warmup, int64_t sac_batch, int ranks);

}  // namespace hypera::agents
