#include "agents/hyperparameter/learning_horizon.h"

#include <algorithm>

namespace hypera::agents {

int64_t planned_decisions(const AgentCadence& cadence, const RunHorizon& horizon) {
  const int64_t epochs = std::max<int64_t>(0, horizon.epochs - horizon.first_epoch);
  int64_t emissions = 0;
  switch (cadence.hook) {
    case core::Hook::TrainBegin:
    case core::Hook::TrainEnd:
      emissions = 1;
      break;
    case core::Hook::EpochBegin:
    case core::Hook::EpochEnd:
      emissions = epochs;
      break;
    case core::Hook::BatchBegin:
    case core::Hook::Loss:
    case core::Hook::BatchEnd:
      emissions = epochs * horizon.batches_per_epoch;
      break;
    case core::Hook::ValidationEnd:
      for (int64_t e = horizon.first_epoch; e < horizon.epochs; ++e) {
        if ((e + 1) % horizon.validate_every == 0 || e + 1 == horizon.epochs) ++emissions;
      }
      break;
  }
  return (emissions + cadence.every - 1) / cadence.every;  // the first emission acts
}

std::string first_update_problem(const std::string& agent, int64_t decisions, const LearnerProgress& progress,
                                 int64_t warmup, int64_t sac_batch, int ranks) {
  if (progress.updates > 0) return "";
  const int64_t needed = std::max<int64_t>(sac_batch, ranks);
  const int64_t observed = progress.steps_observed + (progress.open_decision ? 1 : 0) + decisions;
  if (observed * ranks >= needed && observed >= warmup) return "";
  return "the " + agent + " agent makes " + std::to_string(decisions) + " decisions on each of " +
         std::to_string(ranks) + " rank(s) in this run, but its first SAC update needs " + std::to_string(needed) +
         " transitions (agents.sac_batch) after " + std::to_string(warmup) + " warm-up decisions (agents.warmup)";
}

}  // namespace hypera::agents
