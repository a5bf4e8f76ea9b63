#pragma once
// What one agent's SAC learner did during a run, for summary.json and TensorBoard: updates made, their critic
// and actor losses, the temperature, and how far the policy moved from where it stood when the run began.
// Learning must be visible: an agent with no updates has a policy_change of exactly 0.
// Not thread-safe; the training thread owns it.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sac/agent/sac_agent.h"

namespace hypera::agents {

class LearningReport {
 public:
  // Remembers the learner's counters and policy parameters as the run's starting point.
  void start(const sac::SacAgent& agent);
  // After SacAgent::observe: records the last update's losses when updates were made since the last call.
  void record(const sac::SacAgent& agent);

  // Keys (each then ".<agent>" in summary.json): transitions (the all-gathered experience stream's length,
  // persisted and resumed experience included), updates (made in this run), total_updates, critic_loss and
  // actor_loss (means over this run's recorded updates; NaN without), critic_loss_first and critic_loss_last
  // (means over the first and last quarter of them), temperature (alpha now), policy_change
  // (|theta - theta_start| / |theta_start| of the actor's parameters).
  std::map<std::string, double> values(const sac::SacAgent& agent) const;

 private:
  int64_t updates_at_start_ = 0, updates_seen_ = 0;
  torch::Tensor policy_at_start_;
  std::vector<double> critic_losses_, actor_losses_;
};

}  // namespace hypera::agents
