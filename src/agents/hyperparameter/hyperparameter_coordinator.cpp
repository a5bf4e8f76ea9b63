#include "agents/hyperparameter/hyperparameter_coordinator.h"

#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

#include "agents/hyperparameter/agent_checkpoint.h"
#include "agents/hyperparameter/agent_folder.h"
#include "agents/hyperparameter/exploration_phase.h"
#include "agents/hyperparameter/learning_horizon.h"
#include "agents/hyperparameter/learning_report.h"
#include "agents/hyperparameter/number_stream.h"
#include "comm/host_values.h"
#include "data/io/input_error.h"
#include "parallel/module_sync.h"

namespace hypera::agents {
namespace {

constexpr const char* kCheckpointFile = "agents.h5";


}  // namespace

struct HyperparameterCoordinator::Slot {
  std::unique_ptr<HyperparameterAgent> agent;
  std::unique_ptr<sac::SacAgent> sac;
  RewardStatistics statistics;
  bool discrete = false;
  int64_t occurrences = 0, decisions = 0;
  // The open decision, completed at the agent's next decision or at TrainEnd.
  bool pending = false;
  std::vector<float> state, action;
  SignalSnapshot at_decision;
  int64_t rollback_hits = 0, penalties = 0;
  bool global = false;  // sets a global-scope hyperparameter: acts with rank 0's action
  LearningReport report;

  explicit Slot(double clip) : statistics(clip) {}
};

HyperparameterCoordinator::HyperparameterCoordinator(const HyperparameterCoordinatorConfig& config,
                                                     std::vector<std::unique_ptr<HyperparameterAgent>> agents,
                                                     comm::Collective* group)
    : config_(config),
      group_(group ? group : &alone_),
      replicas_(*group_),
      random_(config.seed ^ 0x5DEECE66DULL ^ (0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(group_->rank()))) {
  std::set<std::string> names;
  for (size_t i = 0; i < agents.size(); ++i) {
    auto slot = std::make_unique<Slot>(config.reward_clip);
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
    slot->sac = std::make_unique<sac::SacAgent>(sac, &replicas_);
    slot->discrete = space.choices > 0;
    slot->agent = std::move(agents[i]);
    slots_.push_back(std::move(slot));
  }
}

HyperparameterCoordinator::~HyperparameterCoordinator() = default;

const HyperparameterAgent& HyperparameterCoordinator::agent(size_t i) const { return *slots_.at(i)->agent; }
const RewardStatistics& HyperparameterCoordinator::reward_statistics(size_t i) const { return slots_.at(i)->statistics; }
int64_t HyperparameterCoordinator::decisions(size_t i) const { return slots_.at(i)->decisions; }
const sac::SacAgent& HyperparameterCoordinator::sac_agent(size_t i) const { return *slots_.at(i)->sac; }

void HyperparameterCoordinator::log_scalar(const std::string& tag, double value, int64_t step) {
  if (events_) events_->add_scalar(tag, value, step);
}

void HyperparameterCoordinator::on_hook(core::Hook hook, const core::TrainingState& state,
                                        core::HyperparameterRegistry& registry) {
  const auto start = std::chrono::steady_clock::now();
  if (hook == core::Hook::BatchEnd) {
    signals_.observe_batch(state);
    for (; seen_rollbacks_ < state.rollbacks; ++seen_rollbacks_) {
      signals_.observe_rollback();
      for (size_t i : last_actors_) ++slots_[i]->rollback_hits;
    }
  }
  if (hook == core::Hook::ValidationEnd) signals_.observe_validation(state);
  if (hook == core::Hook::TrainBegin) {
    for (auto& slot : slots_) slot->report.start(*slot->sac);
    check_learning_horizon(state);
  }
  if (hook == core::Hook::TrainEnd) {
    for (auto& slot : slots_) complete(*slot, state, registry, true);
    if (!save_folder_.empty() && group_->rank() == 0) save(save_folder_, save_replay_);
  } else {
    std::vector<size_t> acting;
    for (size_t i = 0; i < slots_.size(); ++i) {
      const AgentCadence cadence = slots_[i]->agent->cadence();
      if (cadence.hook == hook && slots_[i]->occurrences++ % cadence.every == 0) acting.push_back(i);
    }
    if (!acting.empty()) decide(acting, state, registry);
  }
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void HyperparameterCoordinator::check_learning_horizon(const core::TrainingState& state) {
  if (config_.policy != HyperparameterCoordinatorConfig::Policy::Learned) return;
  if (!config_.learn) {
    if (!loaded_) throw InputError("option 'agents.learn': false deploys trained agents and needs --agents-from");
    return;
  }
  const RunHorizon horizon{state.epoch, state.epochs, state.batches_per_epoch, state.validate_every, group_->size()};
  for (const auto& slot : slots_) {
    const LearnerProgress progress{slot->sac->steps_observed(), slot->pending, slot->sac->updates_done()};
    const std::string problem =
        first_update_problem(slot->agent->name(), planned_decisions(slot->agent->cadence(), horizon), progress,
                             config_.warmup, config_.sac_batch, group_->size());
    if (!problem.empty()) {
      throw InputError("agents: " + problem + "; train longer (train.epochs, train.steps_per_epoch), decide more " +
                       "often (agents.lr_every, agents.loss_every), lower agents.sac_batch, or deploy trained agents " +
                       "(--agents-from with --agents.learn=false)");
    }
  }
}

std::vector<float> HyperparameterCoordinator::chosen_action(Slot& slot, double progress) {
  using Policy = HyperparameterCoordinatorConfig::Policy;
  if (config_.policy == Policy::Neutral) return slot.agent->neutral_action();
  if (config_.policy == Policy::Random) {
    const ActionSpace space = slot.agent->action_space();
    if (slot.discrete) return {static_cast<float>(std::uniform_int_distribution<int64_t>(0, space.choices - 1)(random_))};
    std::vector<float> action(space.low.size());
    for (size_t d = 0; d < action.size(); ++d) {
      action[d] = std::uniform_real_distribution<float>(space.low[d], space.high[d])(random_);
    }
    return action;
  }
  const auto deterministic = slot.sac->act(slot.state, false);
  if (!config_.learn) return deterministic;
  const auto sample = slot.sac->act(slot.state, true);
  return explored_action(sample, deterministic, exploration_scale(progress), slot.discrete, random_);
}

core::ListenerNeeds HyperparameterCoordinator::needs() const {
  core::ListenerNeeds needs;
  needs.rollback = true;
  for (const auto& slot : slots_) {
    for (const std::string& name : slot->agent->observed_hyperparameters()) {
      needs.distance_maps = needs.distance_maps || name == "loss.boundary";
    }
  }
  return needs;
}

void HyperparameterCoordinator::use_rank_zero_actions(const std::vector<size_t>& acting) {
  if (group_->size() == 1) return;
  std::vector<double> actions;
  for (size_t i : acting) {
    if (!slots_[i]->global) continue;
    actions.insert(actions.end(), slots_[i]->action.begin(), slots_[i]->action.end());
  }
  if (actions.empty()) return;
  actions = comm::broadcast_values(*group_, actions, 0);
  size_t at = 0;
  for (size_t i : acting) {
    if (!slots_[i]->global) continue;
    for (float& a : slots_[i]->action) a = static_cast<float>(actions[at++]);
  }
}

void HyperparameterCoordinator::decide(const std::vector<size_t>& acting, const core::TrainingState& state,
                                       core::HyperparameterRegistry& registry) {
  const double progress = state.progress();
  for (size_t i : acting) {
    Slot& slot = *slots_[i];
    complete(slot, state, registry, false);
    slot.state = agent_state(*slot.agent, signals_, registry, progress);
    slot.action = chosen_action(slot, progress);
    slot.global = false;
    for (const auto& name : slot.agent->observed_hyperparameters()) {
      slot.global = slot.global || registry.spec(name).scope == core::HyperparameterScope::Global;
    }
  }
  use_rank_zero_actions(acting);
  std::map<std::string, std::vector<Proposal>> proposals;
  for (size_t i : acting) {
    Slot& slot = *slots_[i];
    slot.at_decision = snapshot_of(signals_);
    slot.rollback_hits = 0;
    slot.pending = true;
    ++slot.decisions;
    for (const auto& p : slot.agent->propose(slot.action, registry, progress)) {
      proposals[p.name].push_back({slot.agent->name(), p.value, 1.0, slot.agent->priority()});
    }
    const std::string prefix = "agents/" + slot.agent->name() + "/";
    for (size_t d = 0; d < slot.action.size(); ++d) log_scalar(prefix + "action_" + std::to_string(d), slot.action[d], state.step);
    const auto& names = TrainingSignals::feature_names();
    for (size_t f = 0; f < slot.state.size(); ++f) {
      const std::string feature = f < names.size() ? names[f] : slot.agent->observed_hyperparameters()[f - names.size()];
      log_scalar(prefix + "state/" + feature, slot.state[f], state.step);
    }
    if (events_) {
      for (const auto& [key, value] : slot.report.values(*slot.sac)) log_scalar(prefix + "sac/" + key, value, state.step);
    }
  }
  last_actors_ = acting;
  apply(proposals, registry);
}

void HyperparameterCoordinator::apply(const std::map<std::string, std::vector<Proposal>>& proposals,
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

void HyperparameterCoordinator::complete(Slot& slot, const core::TrainingState& state,
                                         const core::HyperparameterRegistry& registry, bool terminal) {
  if (!slot.pending) return;
  const SignalSnapshot now = snapshot_of(signals_);
  IntervalReward reward = interval_reward(slot.at_decision, now);
  reward.specific = slot.agent->specific_reward({slot.at_decision.gap, now.gap, &registry});
  if (terminal) {
    reward.end_of_run = std::isfinite(config_.baseline_score) ? 10 * (signals_.validation() - config_.baseline_score)
                                                              : end_of_run_reward(signals_);
  }
  if (config_.team_reward) reward.stability = reward.speed = reward.specific = 0;
  const double raw = reward.total(config_.weights);
  slot.statistics.add(raw);
  const double normalized = slot.statistics.normalize(raw) - config_.rollback_penalty * double(slot.rollback_hits);
  slot.penalties += slot.rollback_hits;
  sac::Step step;
  step.state = slot.state;
  step.action = slot.action;
  step.reward = static_cast<float>(normalized);
  step.next_state = agent_state(*slot.agent, signals_, registry, state.progress());
  step.terminated = terminal;
  slot.pending = false;
  if (config_.policy == HyperparameterCoordinatorConfig::Policy::Learned && config_.learn) {
    slot.sac->observe(step);
    slot.report.record(*slot.sac);
  }
  const std::string prefix = "agents/" + slot.agent->name() + "/reward/";
  log_scalar(prefix + "improvement", reward.improvement, state.step);
  log_scalar(prefix + "stability", reward.stability, state.step);
  log_scalar(prefix + "speed", reward.speed, state.step);
  log_scalar(prefix + "specific", reward.specific, state.step);
  if (terminal) log_scalar(prefix + "end_of_run", reward.end_of_run, state.step);
  log_scalar(prefix + "normalized", normalized, state.step);
}

void HyperparameterCoordinator::summarize(std::map<std::string, std::map<std::string, double>>& summary) {
  auto& section = summary["agents"];
  const double total = summary["timing"]["total_seconds"];
  section["seconds"] = seconds_;
  section["fraction_of_run"] = total > 0 ? seconds_ / total : 0.0;
  // With what the trainer does only for listeners (distance maps, roll-back copies): the agents' whole cost.
  const double support = summary["timing"]["listener_support_seconds"];
  section["cost_fraction_of_run"] = total > 0 ? (seconds_ + support) / total : 0.0;
  section["rollbacks"] = double(signals_.rollbacks());
  double decisions = 0, updates = 0;
  for (const auto& slot : slots_) {
    const std::string& name = slot->agent->name();
    decisions += double(slot->decisions);
    section["decisions." + name] = double(slot->decisions);
    section["rollback_penalties." + name] = double(slot->penalties);
    section["mean_reward." + name] = slot->statistics.mean();
    for (const auto& [key, value] : slot->report.values(*slot->sac)) section[key + "." + name] = value;
    updates += section["updates." + name];
  }
  section["decisions"] = decisions;
  section["updates"] = updates;
  section["exchange_seconds"] = replicas_.exchange_seconds();
  const double training = summary["timing"]["train_seconds"];
  section["exchange_fraction"] = training > 0 ? replicas_.exchange_seconds() / training : 0.0;
}

std::vector<std::string> HyperparameterCoordinator::write_checkpoint(const std::filesystem::path& folder) {
  RankAgentState mine;
  for (const auto& slot : slots_) {
    AgentShardState& shard = mine.agents[slot->agent->name()];
    shard.state = slot->sac->save_bytes();
    shard.experience = slot->sac->experience();
    shard.offered = slot->sac->experience_offered();
  }
  mine.coordinator = coordinator_bytes();
  const std::vector<std::string> gathered = comm::allgather_bytes(*group_, pack(mine));
  if (folder.empty()) return {};
  std::vector<RankAgentState> ranks;
  for (const std::string& bytes : gathered) ranks.push_back(unpack(bytes));
  write_agent_checkpoint(folder / kCheckpointFile, ranks);
  return {kCheckpointFile};
}

void HyperparameterCoordinator::read_checkpoint(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / kCheckpointFile;
  RankAgentState saved = read_agent_checkpoint(file, group_->rank());
  for (auto& slot : slots_) {
    const auto found = saved.agents.find(slot->agent->name());
    if (found == saved.agents.end()) {
      throw InputError(file.string() + ": holds no '" + slot->agent->name() + "' agent; resume with the same agents");
    }
    try {
      slot->sac->load_bytes(found->second.state, file.string());
      slot->sac->restore_experience(found->second.experience, found->second.offered);
    } catch (const std::exception& error) {
      throw InputError(file.string() + ": does not match this run's " + slot->agent->name() + " agent (" +
                       error.what() + ")");
    }
  }
  restore_coordinator(saved.coordinator, file.string());
}

std::string HyperparameterCoordinator::coordinator_bytes() const {
  std::ostringstream generator;
  generator << random_;
  NumberWriter out;
  out.text(generator.str()).numbers(signals_.values()).number(double(seen_rollbacks_));
  out.numbers(std::vector<double>(last_actors_.begin(), last_actors_.end()));
  for (const auto& slot : slots_) {
    const SignalSnapshot& d = slot->at_decision;
    out.text(slot->agent->name()).number(double(slot->occurrences)).number(double(slot->decisions));
    out.number(slot->pending ? 1 : 0).floats(slot->state).floats(slot->action);
    out.numbers({d.loss, d.loss_volatility, d.validation, d.gap, double(d.validations), double(d.rollbacks)});
    out.number(double(slot->rollback_hits)).number(double(slot->penalties)).numbers(slot->statistics.values());
  }
  return out.str();
}

void HyperparameterCoordinator::restore_coordinator(const std::string& bytes, const std::string& what) {
  try {
    NumberReader in(bytes, "the coordinator's state");
    std::istringstream generator(in.text());
    generator >> random_;
    if (!generator) throw std::runtime_error("the coordinator's generator state is damaged");
    signals_.restore(in.numbers());
    seen_rollbacks_ = in.whole();
    last_actors_.clear();
    for (double i : in.numbers()) last_actors_.push_back(static_cast<size_t>(i));
    for (auto& slot : slots_) {
      if (in.text() != slot->agent->name()) throw std::runtime_error("the agents are not this run's");
      slot->occurrences = in.whole();
      slot->decisions = in.whole();
      slot->pending = in.whole() != 0;
      slot->state = in.floats();
      slot->action = in.floats();
      const auto d = in.numbers();
      if (d.size() != 6) throw std::runtime_error("a decision snapshot is damaged");
      slot->at_decision = {d[0], d[1], d[2], d[3], int64_t(d[4]), int64_t(d[5])};
      slot->rollback_hits = in.whole();
      slot->penalties = in.whole();
      slot->statistics.restore(in.numbers());
    }
  } catch (const std::exception& error) {
    throw InputError(what + ": " + error.what());
  }
}

double HyperparameterCoordinator::divergence() {
  std::vector<torch::Tensor> tensors;
  for (const auto& slot : slots_) {
    const sac::SacLearner& learner = slot->sac->learner();
    tensors.push_back(learner.actor_network().values());
    tensors.push_back(learner.critics().online().values());
    tensors.push_back(learner.critics().target().values());
    tensors.push_back(learner.temperature().alpha());
  }
  return parallel::replica_divergence(*group_, tensors);
}

void HyperparameterCoordinator::save(const std::filesystem::path& folder, bool with_replay) const {
  std::vector<std::pair<std::string, const sac::SacAgent*>> agents;
  for (const auto& slot : slots_) agents.emplace_back(slot->agent->name(), slot->sac.get());
  save_agent_folder(folder, agents, with_replay, loaded_runs_ + 1);
}

std::vector<std::string> HyperparameterCoordinator::load(const std::filesystem::path& folder, bool with_replay) {
  const AgentFolderManifest manifest = read_agent_manifest(folder);
  if (with_replay) loaded_runs_ = manifest.runs;
  std::vector<std::string> loaded;
  for (auto& slot : slots_) {
    if (load_agent(folder, slot->agent->name(), with_replay, *slot->sac)) loaded.push_back(slot->agent->name());
  }
  loaded_ = loaded_ || !loaded.empty();
  return loaded;
}

}  // namespace hypera::agents
