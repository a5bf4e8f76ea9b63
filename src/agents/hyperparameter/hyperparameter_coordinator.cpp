#include "agents/hyperparameter/hyperparameter_coordinator.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "agents/hyperparameter/agent_checkpoint.h"
#include "agents/hyperparameter/exploration_phase.h"
#include "core/train/durable_file.h"
#include "data/io/file_bytes.h"
#include "data/io/input_error.h"

namespace hypera::agents {
namespace {

constexpr const char* kManifestFormat = "hypera-hyperparameter-agents-1";
constexpr const char* kCheckpointFile = "agents.h5";

std::filesystem::path agent_file(const std::filesystem::path& folder, const std::string& name) {
  return folder / ("agent_" + name + ".pt");
}

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

  explicit Slot(double clip) : statistics(clip) {}
};

HyperparameterCoordinator::HyperparameterCoordinator(const HyperparameterCoordinatorConfig& config,
                                                     std::vector<std::unique_ptr<HyperparameterAgent>> agents,
                                                     core::DataParallel* group)
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
  if (hook == core::Hook::TrainEnd) {
    for (auto& slot : slots_) complete(*slot, state, registry, true);
    if (!save_folder_.empty()) save(save_folder_);
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

void HyperparameterCoordinator::decide(const std::vector<size_t>& acting, const core::TrainingState& state,
                                       core::HyperparameterRegistry& registry) {
  const double progress = state.progress();
  const double scale = exploration_scale(progress);
  std::map<std::string, std::vector<Proposal>> proposals;
  for (size_t i : acting) {
    Slot& slot = *slots_[i];
    complete(slot, state, registry, false);
    slot.state = agent_state(*slot.agent, signals_, registry, progress);
    const auto sample = slot.sac->act(slot.state, true);
    const auto deterministic = slot.sac->act(slot.state, false);
    slot.action = explored_action(sample, deterministic, scale, slot.discrete, random_);
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
  }
  last_actors_ = acting;
  apply(proposals, registry);
}

void HyperparameterCoordinator::apply(const std::map<std::string, std::vector<Proposal>>& proposals,
                                      core::HyperparameterRegistry& registry) {
  std::vector<std::string> names, writers;
  std::vector<double> values;
  for (const auto& [name, list] : proposals) {
    const double base = registry.get(name);
    std::string writer;
    for (const auto& p : list) writer += (writer.empty() ? "" : "+") + p.agent;
    names.push_back(name);
    writers.push_back(writer);
    values.push_back(resolve_conflict(list, base, config_.strategy, config_.consensus_tolerance * std::abs(base)));
  }
  if (group_->size() > 1) {
    std::vector<double> from_rank_zero(values.size());
    for (size_t i = 0; i < values.size(); ++i) from_rank_zero[i] = group_->rank() == 0 ? values[i] : 0.0;
    from_rank_zero = group_->sum(from_rank_zero);
    for (size_t i = 0; i < values.size(); ++i) {
      if (registry.spec(names[i]).scope == core::HyperparameterScope::Global) values[i] = from_rank_zero[i];
    }
  }
  for (size_t i = 0; i < names.size(); ++i) registry.set(names[i], values[i], writers[i]);
}

void HyperparameterCoordinator::complete(Slot& slot, const core::TrainingState& state,
                                         const core::HyperparameterRegistry& registry, bool terminal) {
  if (!slot.pending) return;
  const SignalSnapshot now = snapshot_of(signals_);
  IntervalReward reward = interval_reward(slot.at_decision, now);
  reward.specific = slot.agent->specific_reward({slot.at_decision.gap, now.gap, &registry});
  if (terminal) reward.end_of_run = end_of_run_reward(signals_);
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
  slot.sac->observe(step);
  slot.pending = false;
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
  section["rollbacks"] = double(signals_.rollbacks());
  int64_t decisions = 0;
  for (const auto& slot : slots_) {
    decisions += slot->decisions;
    section["decisions." + slot->agent->name()] = double(slot->decisions);
    section["rollback_penalties." + slot->agent->name()] = double(slot->penalties);
    section["mean_reward." + slot->agent->name()] = slot->statistics.mean();
  }
  section["decisions"] = double(decisions);
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
  std::ostringstream generator;
  generator << random_;
  mine.coordinator_rng = generator.str();
  const std::vector<std::string> gathered = group_->allgather(pack(mine));
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
  std::istringstream generator(saved.coordinator_rng);
  generator >> random_;
  if (!generator) throw InputError(file.string() + ": the coordinator's generator state is damaged");
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
  return group_->divergence(tensors);
}

void HyperparameterCoordinator::save(const std::filesystem::path& folder) const {
  const std::filesystem::path temporary = folder.string() + ".tmp";
  std::filesystem::remove_all(temporary);
  std::filesystem::create_directories(temporary);
  std::string names;
  for (const auto& slot : slots_) {
    core::write_file_atomically(agent_file(temporary, slot->agent->name()), slot->sac->save_bytes());
    names += " " + slot->agent->name();
  }
  {
    std::ofstream manifest(temporary / "manifest.txt");
    manifest << "format " << kManifestFormat << "\nagents" << names << "\n";
    if (!manifest) throw InputError((temporary / "manifest.txt").string() + ": cannot be written");
  }
  // The agents' files are replaced one by one (the event files that may live in `folder` stay), the
  // manifest last.
  std::filesystem::create_directories(folder);
  for (const auto& slot : slots_) {
    const auto name = agent_file(temporary, slot->agent->name()).filename();
    std::filesystem::rename(temporary / name, folder / name);
  }
  std::filesystem::rename(temporary / "manifest.txt", folder / "manifest.txt");
  std::filesystem::remove_all(temporary);
}

std::vector<std::string> HyperparameterCoordinator::load(const std::filesystem::path& folder) {
  std::ifstream manifest(folder / "manifest.txt");
  std::string key, format;
  if (!(manifest >> key >> format) || key != "format" || format != kManifestFormat) {
    throw InputError((folder / "manifest.txt").string() + ": missing or not a hyperparameter-agents manifest");
  }
  std::vector<std::string> loaded;
  for (auto& slot : slots_) {
    const auto file = agent_file(folder, slot->agent->name());
    if (!std::filesystem::exists(file)) continue;
    try {
      const std::vector<uint8_t> bytes = data::read_file_bytes(file);
      slot->sac->load_bytes(std::string(bytes.begin(), bytes.end()), file.string());
    } catch (const std::exception& error) {
      throw InputError(file.string() + ": does not match this run's " + slot->agent->name() + " agent (" + error.what() + ")");
    }
    loaded.push_back(slot->agent->name());
  }
  return loaded;
}

}  // namespace hypera::agents
