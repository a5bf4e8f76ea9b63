#pragma once
// One hyperparameter agent: a concern (learning rate, loss weights, ...) with its cadence, its action space
// and how an action becomes proposals for registry entries. Actions are bounded corrections of the run's
// configured values (HyperparameterSpec::initial; the learning rate: of the schedule's value, through
// lr_scale), never a random walk from the current value: neutral_action() proposes exactly the configured
// values, so a run whose agents all take it is the fixed-schedule run, bit for bit. Agents hold no learning state: the coordinator
// (hyperparameter_coordinator.h) owns one SAC learner per agent, builds the state, schedules the agents,
// resolves conflicting proposals and distributes rewards. Adding an agent is one class deriving from this
// and one registration in agent_factory.cpp.
//
// State of agent A: TrainingSignals::features (shared, training_signals.h) followed by the normalized
// current values of A's observed_hyperparameters() (normalized_value below): kFeatureCount + |observed|.
#include <cstdint>
#include <string>
#include <vector>

#include "agents/hyperparameter/training_signals.h"
#include "core/train/hyperparameter_registry.h"
#include "core/train/training_hooks.h"
#include "core/train/tunables.h"

namespace hypera::agents {

namespace tunable = core::tunable;  // the agents name the tunables they observe and set through these handles

// The agent acts at every `every`-th emission of `hook`, the first emission included.
struct AgentCadence {
  core::Hook hook = core::Hook::EpochBegin;
  int64_t every = 1;
};

// Continuous: bounds per dimension (low < high). Discrete: `choices` > 1 and no bounds.
struct ActionSpace {
  std::vector<float> low, high;
  int64_t choices = 0;
};

struct HyperparameterProposal {
  std::string name;  // registry entry
  double value = 0;  // proposed new value (the registry clamps it into the entry's bounds)
};

// What happened between an agent's decision and the end of its interval, for specific rewards.
struct IntervalOutcome {
  double gap_before = 0, gap_after = 0;  // TrainingSignals::generalization_gap
  const core::HyperparameterRegistry* registry = nullptr;
};

class HyperparameterAgent {
 public:
  virtual ~HyperparameterAgent() = default;
  virtual std::string name() const = 0;
  virtual AgentCadence cadence() const = 0;
  virtual std::vector<std::string> observed_hyperparameters() const = 0;
  virtual ActionSpace action_space() const = 0;
  // The proposals of `action` (a point of action_space(); for discrete spaces one value, the index) given
  // the registry (its configured values: spec(name).initial) and training progress in [0, 1]. A proposal
  // depends on the action and the configured values only, not on the current values. Must not write the
  // registry.
  virtual std::vector<HyperparameterProposal> propose(const std::vector<float>& action,
                                                      const core::HyperparameterRegistry& registry,
                                                      double progress) const = 0;
  // The action whose proposals are the configured values: the middle of each continuous bound (0 for
  // [-1, 1]); for discrete spaces the middle choice (choices / 2). Agents whose "do nothing" differs override.
  virtual std::vector<float> neutral_action() const;
  // The agent's own reward term for one interval (0 unless the agent has one).
  virtual double specific_reward(const IntervalOutcome& outcome) const {
    (void)outcome;
    return 0;
  }
  // Priority in priority_based conflict resolution (larger wins).
  virtual int priority() const = 0;
};

// `value` of entry `spec` as a position in [0, 1] of its bounds: logarithmic for entries spanning more than
// two decades (lr, weight decay; a lower bound of 0 counts as 1e-8), linear otherwise.
float normalized_value(const core::HyperparameterSpec& spec, double value);

// The agent's state: shared features followed by its normalized observed hyperparameters.
std::vector<float> agent_state(const HyperparameterAgent& agent, const TrainingSignals& signals,
                               const core::HyperparameterRegistry& registry, double progress);

// value * 2^(scale * a): the multiplicative change most agents make.
double scaled(double value, double a, double scale);

// The configured value of registry entry `name` (what the run started with).
double configured(const core::HyperparameterRegistry& registry, const std::string& name);

}  // namespace hypera::agents
