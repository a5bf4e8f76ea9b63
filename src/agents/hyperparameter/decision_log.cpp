#include "agents/hyperparameter/decision_log.h"

namespace hypera::agents {

DecisionLog::DecisionLog(const HyperparameterDecider& decider)
    : decider_(decider), reports_(decider.agent_count()) {}

void DecisionLog::start_run() {
  for (size_t i = 0; i < reports_.size(); ++i) reports_[i].start(decider_.learner(i));
}

void DecisionLog::log_scalar(const std::string& tag, double value, int64_t step) {
  if (events_) events_->add_scalar(tag, value, step);
}

void DecisionLog::record(const HookDecisions& decisions, int64_t step) {
  for (const CompletedDecision& completed : decisions.completed) {
    if (completed.learned) reports_[completed.agent].record(decider_.learner(completed.agent));
    log_reward(completed, step);
  }
  for (size_t agent : decisions.decided) log_decision(agent, step);
}

void DecisionLog::log_reward(const CompletedDecision& completed, int64_t step) {
  const IntervalReward& reward = completed.reward;
  const std::string prefix = "agents/" + decider_.agent(completed.agent).name() + "/reward/";
  log_scalar(prefix + "improvement", reward.improvement, step);
  log_scalar(prefix + "stability", reward.stability, step);
  log_scalar(prefix + "speed", reward.speed, step);
  log_scalar(prefix + "specific", reward.specific, step);
  if (completed.terminal) log_scalar(prefix + "end_of_run", reward.end_of_run, step);
  log_scalar(prefix + "normalized", completed.normalized, step);
}

void DecisionLog::log_decision(size_t i, int64_t step) {
  const HyperparameterAgent& agent = decider_.agent(i);
  const AgentDecisions& decision = decider_.memory().agents[i];
  const std::string prefix = "agents/" + agent.name() + "/";
  for (size_t d = 0; d < decision.action.size(); ++d) {
    log_scalar(prefix + "action_" + std::to_string(d), decision.action[d], step);
  }
  const auto& names = TrainingSignals::feature_names();
  for (size_t f = 0; f < decision.state.size(); ++f) {
    const std::string feature = f < names.size() ? names[f] : agent.observed_hyperparameters()[f - names.size()];
    log_scalar(prefix + "state/" + feature, decision.state[f], step);
  }
  if (events_) {
    for (const auto& [key, value] : reports_[i].values(decider_.learner(i))) {
      log_scalar(prefix + "sac/" + key, value, step);
    }
  }
}

void DecisionLog::summarize(double coordinator_seconds,
                            std::map<std::string, std::map<std::string, double>>& summary) const {
  auto& section = summary["agents"];
  const double total = summary["timing"]["total_seconds"];
  section["seconds"] = coordinator_seconds;
  section["fraction_of_run"] = total > 0 ? coordinator_seconds / total : 0.0;
  // With what the trainer does only for listeners (distance maps, roll-back copies): the agents' whole cost.
  const double support = summary["timing"]["listener_support_seconds"];
  section["cost_fraction_of_run"] = total > 0 ? (coordinator_seconds + support) / total : 0.0;
  const DecisionMemory& memory = decider_.memory();
  section["rollbacks"] = double(memory.signals.rollbacks());
  double decisions = 0, updates = 0;
  for (size_t i = 0; i < reports_.size(); ++i) {
    const std::string& name = decider_.agent(i).name();
    const AgentDecisions& own = memory.agents[i];
    decisions += double(own.decisions);
    section["decisions." + name] = double(own.decisions);
    section["rollback_penalties." + name] = double(own.penalties);
    section["mean_reward." + name] = own.statistics.mean();
    for (const auto& [key, value] : reports_[i].values(decider_.learner(i))) section[key + "." + name] = value;
    updates += section["updates." + name];
  }
  section["decisions"] = decisions;
  section["updates"] = updates;
  section["exchange_seconds"] = decider_.exchange_seconds();
  const double training = summary["timing"]["train_seconds"];
  section["exchange_fraction"] = training > 0 ? decider_.exchange_seconds() / training : 0.0;
}

}  // namespace hypera::agents
