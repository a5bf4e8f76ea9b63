#include "agents/hyperparameter/learning_report.h"

#include <cmath>
#include <numeric>

namespace hypera::agents {
namespace {

double mean_of(std::vector<double>::const_iterator begin, std::vector<double>::const_iterator end) {
  return begin == end ? NAN : std::accumulate(begin, end, 0.0) / double(end - begin);
}

}  // namespace

void LearningReport::start(const sac::SacAgent& agent) {
  updates_at_start_ = updates_seen_ = agent.updates_done();
  policy_at_start_ = agent.learner().actor_network().values().clone();
  critic_losses_.clear();
  actor_losses_.clear();
}

void LearningReport::record(const sac::SacAgent& agent) {
  if (agent.updates_done() == updates_seen_) return;
  updates_seen_ = agent.updates_done();
  critic_losses_.push_back(agent.last_update().critic_loss);
  actor_losses_.push_back(agent.last_update().actor_loss);
}

std::map<std::string, double> LearningReport::values(const sac::SacAgent& agent) const {
  const auto quarter = static_cast<std::ptrdiff_t>((critic_losses_.size() + 3) / 4);
  const torch::Tensor policy = agent.learner().actor_network().values();
  const double start_norm = policy_at_start_.defined() ? policy_at_start_.norm().item<double>() : 0.0;
  const double moved = policy_at_start_.defined() ? (policy - policy_at_start_).norm().item<double>() : 0.0;
  return {{"transitions", double(agent.experience_offered())},
          {"updates", double(agent.updates_done() - updates_at_start_)},
          {"total_updates", double(agent.updates_done())},
          {"critic_loss", mean_of(critic_losses_.begin(), critic_losses_.end())},
          {"actor_loss", mean_of(actor_losses_.begin(), actor_losses_.end())},
          {"critic_loss_first", mean_of(critic_losses_.begin(), critic_losses_.begin() + quarter)},
          {"critic_loss_last", mean_of(critic_losses_.end() - quarter, critic_losses_.end())},
          {"temperature", agent.learner().temperature().alpha().item<double>()},
          {"policy_change", start_norm > 0 ? moved / start_norm : moved}};
}

}  // namespace hypera::agents
