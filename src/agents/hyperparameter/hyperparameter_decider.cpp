#include "agents/hyperparameter/hyperparameter_decider.h"

#include <set>
#include <stdexcept>

#include "agents/hyperparameter/exploration_phase.h"
#include "agents/hyperparameter/learning_horizon.h"
#include "comm/host_values.h"
#include "support/input_error.h"
#include "parallel/module_sync.h"

namespace hypera::agents {

HyperparameterDecider::HyperparameterDecider(const HyperparameterCoordinatorConfig& config,
                                             std::vector<std::unique_ptr<HyperparameterAgent>> agents,
                                             comm::Collective& group, comm::Collective& member)
    : config_(config), group_(group), member_(member), replicas_(group) {
  memory_.random.seed(config.seed ^ 0x5DEECE66DULL ^ (0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(group.rank())));
  std::set<std::string> names;
  for (size_t i = 0; i < agents.size(); ++i) {
    if (!names.insert(agents[i]->name()).second) {
      throw std::invalid_argument("HyperparameterCoordinator: agent '" + agents[i]->name() + "' given twice");
    }
    const ActionSpace space = agents[i]->action_space();
    sac::SacConfig sac;
    sac.state_dim = TrainingSignals::kFeatureCount + static_cast<int64_t>(agents[i]->observed_hyperparameters().size());
    sac.action_low = space.low;
    sac.action_high = space.high;
    sac.discrete_actions = space.choices;
    sac.hidden = config.hidden;
    sac.actor_lr = sac.critic_lr = sac.alpha_lr = config.learning_rate;
    sac.gamma = config.gamma;
    sac.n_step = config.n_step;
    sac.batch_size = config.sac_batch;
    sac.buffer_capacity = 100000;
    sac.warmup_steps = config.warmup;
    sac.updates_per_step = config.updates_per_decision;
    sac.seed = config.seed + 7919 * i;
    agents_.push_back({std::move(agents[i]), std::make_unique<sac::SacAgent>(sac, &replicas_), space.choices > 0});
    memory_.agents.emplace_back(config.reward_clip);
  }
}

void HyperparameterDecider::restore(DecisionMemory memory) {
  if (memory.agents.size() != agents_.size()) {
    throw std::invalid_argument("HyperparameterDecider::restore: the memory holds another number of agents");
  }
  memory_ = std::move(memory);
}

HookDecisions HyperparameterDecider::on_hook(core::Hook hook, const core::TrainingState& state,
                                             core::HyperparameterRegistry& registry) {
  if (hook == core::Hook::BatchEnd) {
    memory_.signals.observe_batch(state);
    for (; memory_.seen_rollbacks < state.rollbacks; ++memory_.seen_rollbacks) {
      memory_.signals.observe_rollback();
      for (size_t i : memory_.last_actors) ++memory_.agents[i].rollback_hits;
    }
  }
  if (hook == core::Hook::ValidationEnd) memory_.signals.observe_validation(state);
  HookDecisions decisions;
  if (hook == core::Hook::TrainEnd) {
    for (size_t i = 0; i < agents_.size(); ++i) {
      if (memory_.agents[i].pending) decisions.completed.push_back(complete(i, state, registry, true));
    }
    return decisions;
  }
  std::vector<size_t> acting;
  for (size_t i = 0; i < agents_.size(); ++i) {
    const AgentCadence cadence = agents_[i].agent->cadence();
    if (cadence.hook == hook && memory_.agents[i].occurrences++ % cadence.every == 0) acting.push_back(i);
  }
  if (!acting.empty()) decide(acting, state, registry, decisions);
  return decisions;
}

void HyperparameterDecider::check_learning_horizon(const core::TrainingState& state, bool any_agent_loaded) const {
  if (config_.policy != HyperparameterCoordinatorConfig::Policy::Learned) return;
  if (!config_.learn) {
    if (!any_agent_loaded) {
      throw InputError("option 'agents.learn': false deploys trained agents and needs --agents-from");
    }
    return;
  }
  const RunHorizon horizon{state.epoch, state.epochs, state.batches_per_epoch, state.validate_every, group_.size()};
  for (size_t i = 0; i < agents_.size(); ++i) {
    const sac::SacAgent& sac = *agents_[i].sac;
    const LearnerProgress progress{sac.steps_observed(), memory_.agents[i].pending, sac.updates_done()};
    const std::string problem =
        first_update_problem(agents_[i].agent->name(), planned_decisions(agents_[i].agent->cadence(), horizon),
                             progress, config_.warmup, config_.sac_batch, group_.size());
    if (!problem.empty()) {
      throw InputError("agents: " + problem + "; train longer (train.epochs, train.steps_per_epoch), decide more " +
                       "often (agents.lr_every, agents.loss_every), lower agents.sac_batch, or deploy trained agents " +
                       "(--agents-from with --agents.learn=false)");
    }
  }
}

std::vector<float> HyperparameterDecider::chosen_action(size_t i, double progress) {
  using Policy = HyperparameterCoordinatorConfig::Policy;
  const Agent& acting = agents_[i];
  std::mt19937_64& random = memory_.random;
  if (config_.policy == Policy::Neutral) return acting.agent->neutral_action();
  if (config_.policy == Policy::Random) {
    const ActionSpace space = acting.agent->action_space();
    if (acting.discrete) {
      return {static_cast<float>(std::uniform_int_distribution<int64_t>(0, space.choices - 1)(random))};
    }
    std::vector<float> action(space.low.size());
    for (size_t d = 0; d < action.size(); ++d) {
      action[d] = std::uniform_real_distribution<float>(space.low[d], space.high[d])(random);
    }
    return action;
  }
  const std::vector<float>& state = memory_.agents[i].state;
  const auto deterministic = acting.sac->act(state, false);
  if (!config_.learn) return deterministic;
  const auto sample = acting.sac->act(state, true);
  return explored_action(sample, deterministic, exploration_scale(progress), acting.discrete, random);
}

void HyperparameterDecider::use_member_root_actions(const std::vector<size_t>& global_actors) {
  if (member_.size() == 1) return;
  std::vector<double> actions;
  for (size_t i : global_actors) {
    const std::vector<float>& action = memory_.agents[i].action;
    actions.insert(actions.end(), action.begin(), action.end());
  }
  if (actions.empty()) return;
  actions = comm::broadcast_values(member_, actions, 0);
  size_t at = 0;
  for (size_t i : global_actors) {
    for (float& a : memory_.agents[i].action) a = static_cast<float>(actions[at++]);
  }
}

void HyperparameterDecider::decide(const std::vector<size_t>& acting, const core::TrainingState& state,
                                   core::HyperparameterRegistry& registry, HookDecisions& decisions) {
  const double progress = state.progress();
  std::vector<size_t> global_actors;
  for (size_t i : acting) {
    if (memory_.agents[i].pending) decisions.completed.push_back(complete(i, state, registry, false));
    AgentDecisions& own = memory_.agents[i];
    own.state = agent_state(*agents_[i].agent, memory_.signals, registry, progress);
    own.action = chosen_action(i, progress);
    bool global = false;
    for (const auto& name : agents_[i].agent->observed_hyperparameters()) {
      global = global || registry.spec(name).scope == core::HyperparameterScope::Global;
    }
    if (global) global_actors.push_back(i);
  }
  use_member_root_actions(global_actors);
  std::map<std::string, std::vector<Proposal>> proposals;
  for (size_t i : acting) {
    AgentDecisions& own = memory_.agents[i];
    const HyperparameterAgent& agent = *agents_[i].agent;
    own.at_decision = snapshot_of(memory_.signals);
    own.rollback_hits = 0;
    own.pending = true;
    ++own.decisions;
    for (const auto& p : agent.propose(own.action, registry, progress)) {
      proposals[p.name].push_back({agent.name(), p.value, 1.0, agent.priority()});
    }
  }
  memory_.last_actors = acting;
  decisions.decided = acting;
  apply(proposals, registry);
}

void HyperparameterDecider::apply(const std::map<std::string, std::vector<Proposal>>& proposals,
                                  core::HyperparameterRegistry& registry) {
  // Global entries come out equal on every rank: their agents acted with rank 0's action on equal values.
  for (const auto& [name, list] : proposals) {
    const double base = registry.get(name);
    std::string writer;
    for (const auto& p : list) writer += (writer.empty() ? "" : "+") + p.agent;
    registry.set(name, resolve_conflict(list, base, config_.strategy, config_.consensus_tolerance * std::abs(base)),
                 writer);
  }
}

CompletedDecision HyperparameterDecider::complete(size_t i, const core::TrainingState& state,
                                                  const core::HyperparameterRegistry& registry, bool terminal) {
  AgentDecisions& own = memory_.agents[i];
  const HyperparameterAgent& agent = *agents_[i].agent;
  const TrainingSignals& signals = memory_.signals;
  CompletedDecision completed;
  completed.agent = i;
  completed.terminal = terminal;
  const SignalSnapshot now = snapshot_of(signals);
  IntervalReward& reward = completed.reward;
  reward = interval_reward(own.at_decision, now);
  reward.specific = agent.specific_reward({own.at_decision.gap, now.gap, &registry});
  if (terminal) {
    reward.end_of_run = std::isfinite(config_.baseline_score) ? 10 * (signals.validation() - config_.baseline_score)
                                                              : end_of_run_reward(signals);
  }
  if (config_.team_reward) reward.stability = reward.speed = reward.specific = 0;
  const double raw = reward.total(config_.weights);
  own.statistics.add(raw);
  completed.normalized = own.statistics.normalize(raw) - config_.rollback_penalty * double(own.rollback_hits);
  own.penalties += own.rollback_hits;
  sac::Step step;
  step.state = own.state;
  step.action = own.action;
  step.reward = static_cast<float>(completed.normalized);
  step.next_state = agent_state(agent, signals, registry, state.progress());
  step.terminated = terminal;
  own.pending = false;
  completed.learned = config_.policy == HyperparameterCoordinatorConfig::Policy::Learned && config_.learn;
  if (completed.learned) agents_[i].sac->observe(step);
  return completed;
}

double HyperparameterDecider::divergence() {
  std::vector<torch::Tensor> tensors;
  for (const Agent& agent : agents_) {
    const sac::SacLearner& learner = agent.sac->learner();
    tensors.push_back(learner.actor_network().values());
    tensors.push_back(learner.critics().online().values());
    tensors.push_back(learner.critics().target().values());
    tensors.push_back(learner.temperature().alpha());
  }
  return parallel::replica_divergence(group_, tensors);
}

}  // namespace hypera::agents
