#pragma once
// What the hyperparameter agents' decisions leave for people to read: TensorBoard scalars on rank 0's event
// writer, and the "agents" section of summary.json with each learner's learning report (learning_report.h).
// Tags, each at the training step of the hook:
//   agents/<name>/action_<i>, agents/<name>/state/<feature>  at a decision (feature: TrainingSignals'
//        feature names, then the agent's observed hyperparameters)
//   agents/<name>/sac/<learning report key>                  at a decision
//   agents/<name>/reward/{improvement, stability, speed, specific, end_of_run (terminal only), normalized}
//        at the completion of a decision
// Reads the decider, never changes it; writes no file itself. Not thread-safe; the training thread calls it.
#include <map>
#include <string>
#include <vector>

#include "agents/hyperparameter/hyperparameter_decider.h"
#include "agents/hyperparameter/learning_report.h"
#include "core/logging/tensorboard_writer.h"

namespace hypera::agents {

class DecisionLog {
 public:
  explicit DecisionLog(const HyperparameterDecider& decider);

  // TensorBoard writer for the scalars (not owned; null = none, the default).
  void set_event_writer(core::TensorBoardWriter* events) { events_ = events; }

  // At TrainBegin: every learner's starting point for its learning report.
  void start_run();
  // After the decider's hook: the completed decisions' rewards, then the decisions' actions, states and
  // learning reports, at `step`.
  void record(const HookDecisions& decisions, int64_t step);

  // Adds section "agents": seconds spent in the coordinator (`coordinator_seconds`), fraction of
  // timing.total_seconds, cost_fraction_of_run (also counting timing.listener_support_seconds: what the trainer
  // does only for listeners), decisions, updates (this run's, all agents), roll-backs, and per agent
  // decisions.<name>, rollback_penalties.<name>, mean_reward.<name> (raw) and the learning report's keys as
  // <key>.<name>. Also exchange_seconds (experience all-gathers) and exchange_fraction of timing.train_seconds.
  void summarize(double coordinator_seconds, std::map<std::string, std::map<std::string, double>>& summary) const;

 private:
  void log_scalar(const std::string& tag, double value, int64_t step);
  void log_reward(const CompletedDecision& completed, int64_t step);
  void log_decision(size_t agent, int64_t step);

  const HyperparameterDecider& decider_;
  std::vector<LearningReport> reports_;  // index = agent
  core::TensorBoardWriter* events_ = nullptr;
};

}  // namespace hypera::agents
