#include "sac/agent/sac_agent.h"

#include <c10/util/Exception.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "sac/agent/action_bins.h"
#include "sac/agent/continuous_sac.h"
#include "sac/agent/discrete_sac.h"
#include "sac/agent/rng_state.h"
#include "sac/replay/replay_factory.h"

namespace hypera::sac {
namespace {

constexpr uint64_t kReplayStream = 0x5ac0ffee12345678ULL;  // decorrelates the two generators' seeds

double unit_uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

int rank_of(const ReplicaGroup* replicas) { return replicas ? replicas->rank() : 0; }
int ranks_of(const ReplicaGroup* replicas) { return replicas ? replicas->size() : 1; }

// Transitions as one flat list: per transition state, action, reward, next_state, discount.
std::vector<float> flatten(const std::vector<Transition>& transitions) {
  std::vector<float> flat;
  for (const Transition& t : transitions) {
    flat.insert(flat.end(), t.state.begin(), t.state.end());
    flat.insert(flat.end(), t.action.begin(), t.action.end());
    flat.push_back(t.reward);
    flat.insert(flat.end(), t.next_state.begin(), t.next_state.end());
    flat.push_back(t.discount);
  }
  return flat;
}

std::vector<Transition> unflatten(const std::vector<float>& flat, size_t state_dim, size_t action_dim) {
  const size_t width = 2 * state_dim + action_dim + 2;
  if (flat.size() % width != 0) throw std::runtime_error("SacAgent: gathered experience has a partial transition");
  std::vector<Transition> transitions;
  for (auto at = flat.begin(); at != flat.end();) {
    Transition t;
    t.state.assign(at, at + state_dim);
    at += state_dim;
    t.action.assign(at, at + action_dim);
    at += action_dim;
    t.reward = *at++;
    t.next_state.assign(at, at + state_dim);
    at += state_dim;
    t.discount = *at++;
    transitions.push_back(std::move(t));
  }
  return transitions;
}

std::optional<ActionBins> bins_of(const SacConfig& config) {
  if (config.action_bins == 0) return std::nullopt;
  return ActionBins(config.action_low, config.action_high, config.action_bins);
}

}  // namespace

struct SacAgent::State {
  State(const SacConfig& validated, ReplicaGroup* replica_group)
      : user_config(validated),
        bins(bins_of(validated)),
        config(bins ? bins->discrete_config(validated) : validated),
        generator(at::make_generator<at::CPUGeneratorImpl>(config.seed)),
        replicas(replica_group),
        rng(config.seed ^ kReplayStream ^ (0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(rank_of(replicas)))),
        buffer(make_shard(config, replicas)),
        accumulator(config.n_step, config.gamma) {
    if (is_discrete(config)) {
      learner = std::make_unique<DiscreteSac>(config, generator);
    } else {
      learner = std::make_unique<ContinuousSac>(config, generator);
    }
    learner->set_replicas(replicas);
  }

  static std::unique_ptr<ShardedReplay> make_shard(const SacConfig& config, ReplicaGroup* replicas) {
    const int ranks = ranks_of(replicas);
    const int64_t capacity = (config.buffer_capacity + ranks - 1) / ranks;
    auto local = make_replay_buffer(config.replay == ReplayKind::Prioritized, capacity, config.state_dim,
                                    action_dim(config),
                                    PriorityOptions{config.priority_alpha, config.priority_beta,
                                                    config.priority_beta_steps});
    return std::make_unique<ShardedReplay>(std::move(local), rank_of(replicas), ranks);
  }

  // Every rank's new transitions, in rank order (this rank's own when alone).
  std::vector<Transition> gathered(std::vector<Transition> local) const {
    if (ranks_of(replicas) == 1) return local;
    std::vector<Transition> all;
    const auto states = static_cast<size_t>(config.state_dim), actions = static_cast<size_t>(action_dim(config));
    for (const auto& flat : replicas->allgather(flatten(local))) {
      for (Transition& t : unflatten(flat, states, actions)) all.push_back(std::move(t));
    }
    return all;
  }

  std::vector<float> random_action() {
    if (is_discrete(config)) {
      const auto choices = static_cast<double>(config.discrete_actions);
      return {static_cast<float>(std::min(std::floor(unit_uniform(rng) * choices), choices - 1))};
    }
    std::vector<float> action(config.action_low.size());
    for (size_t i = 0; i < action.size(); ++i) {
      const double low = config.action_low[i];
      action[i] = static_cast<float>(low + unit_uniform(rng) * (config.action_high[i] - low));
    }
    return action;
  }

  UpdateStats update() {
    if (buffer->size() == 0) throw std::logic_error("SacAgent::update: the replay buffer is empty");
    Batch batch = buffer->sample(config.batch_size, rng);
    const bool prioritized = config.replay == ReplayKind::Prioritized;
    last = learner->update(batch, prioritized ? &abs_td : nullptr);
    if (prioritized) buffer->update_priorities(batch.indices, abs_td);
    ++updates;
    return last;
  }

  void save(torch::serialize::OutputArchive& archive, bool with_replay) const {
    torch::serialize::OutputArchive learner_archive, buffer_archive, accumulator_archive;
    learner->save(learner_archive);
    accumulator.save(accumulator_archive);
    archive.write("learner", learner_archive);
    if (with_replay) {
      buffer->save(buffer_archive);
      archive.write("replay", buffer_archive);
      archive.write("replay_shards", torch::tensor({int64_t{buffer->shards()}}, torch::kInt64));
    }
    archive.write("n_step", accumulator_archive);
    archive.write("counters", torch::tensor({steps, updates}, torch::kInt64));
    archive.write("last_update", torch::tensor({last.critic_loss, last.actor_loss, last.alpha, last.entropy,
                                                last.mean_q}, torch::kFloat64));
    save_rng(archive, "torch_generator", generator);
    save_rng(archive, "replay_rng", rng);
  }

  void load(torch::serialize::InputArchive& archive) {
    torch::serialize::InputArchive learner_archive, buffer_archive, accumulator_archive;
    archive.read("learner", learner_archive);
    archive.read("n_step", accumulator_archive);
    learner->load(learner_archive);
    torch::Tensor shards;
    if (archive.try_read("replay_shards", shards) && shards.item<int64_t>() == buffer->shards()) {
      archive.read("replay", buffer_archive);
      buffer->load(buffer_archive);
    }
    accumulator.load(accumulator_archive);
    torch::Tensor counters, stats;
    archive.read("counters", counters);
    archive.read("last_update", stats);
    if (counters.numel() != 2 || stats.numel() != 5) throw std::runtime_error("counters: wrong size");
    counters = counters.to(torch::kInt64);
    stats = stats.to(torch::kFloat64);
    steps = counters[0].item<int64_t>();
    updates = counters[1].item<int64_t>();
    const double* s = stats.data_ptr<double>();
    last = {s[0], s[1], s[2], s[3], s[4]};
    load_rng(archive, "torch_generator", generator);
    load_rng(archive, "replay_rng", rng);
  }

  SacConfig user_config;             // as constructed
  std::optional<ActionBins> bins;     // set when user_config.action_bins > 1
  SacConfig config;                   // what the learner and buffer see: discrete over the bins when binned
  at::Generator generator;
  ReplicaGroup* replicas;
  std::mt19937_64 rng;
  std::unique_ptr<ShardedReplay> buffer;
  NStepAccumulator accumulator;
  std::unique_ptr<SacLearner> learner;
  std::vector<float> abs_td;
  UpdateStats last;
  int64_t steps = 0;
  int64_t updates = 0;
};

namespace {

const SacConfig& validated(const SacConfig& config) {
  validate(config);
  return config;
}

}  // namespace

SacAgent::SacAgent(const SacConfig& config, ReplicaGroup* replicas)
    : state_(std::make_unique<State>(validated(config), replicas)) {}

SacAgent::~SacAgent() = default;

std::vector<float> SacAgent::act(const std::vector<float>& state, bool explore) {
  const SacConfig& config = state_->config;
  if (static_cast<int64_t>(state.size()) != config.state_dim) {
    throw std::invalid_argument("SacAgent::act: state has " + std::to_string(state.size()) + " values, expected " +
                                std::to_string(config.state_dim));
  }
  std::vector<float> action;
  if (explore && state_->steps < config.warmup_steps) {
    action = state_->random_action();
  } else {
    torch::Tensor input = torch::from_blob(const_cast<float*>(state.data()), {1, config.state_dim});
    action = state_->learner->act(input, explore);
  }
  if (!state_->bins) return action;
  return state_->bins->values(static_cast<int64_t>(action.at(0)));
}

void SacAgent::observe(const Step& given) {
  State& s = *state_;
  Step step = given;
  if (s.bins) {
    if (given.action.size() != s.user_config.action_low.size()) {
      throw std::invalid_argument("SacAgent::observe: action has " + std::to_string(given.action.size()) +
                                  " values, expected " + std::to_string(s.user_config.action_low.size()));
    }
    step.action = {static_cast<float>(s.bins->choice_of(given.action))};
  }
  const int64_t actions = action_dim(s.config);
  check_transition({step.state, step.action, step.reward, step.next_state, 1.0F}, s.config.state_dim, actions);
  for (const Transition& transition : s.gathered(s.accumulator.push(step))) s.buffer->add(transition);
  ++s.steps;
  const int64_t enough = std::max<int64_t>(s.config.batch_size, s.buffer->shards());
  if (s.steps < s.config.warmup_steps || s.buffer->union_size() < enough) return;
  for (int64_t i = 0; i < s.config.updates_per_step; ++i) s.update();
}

UpdateStats SacAgent::update() { return state_->update(); }

const UpdateStats& SacAgent::last_update() const { return state_->last; }
int64_t SacAgent::steps_observed() const { return state_->steps; }
int64_t SacAgent::updates_done() const { return state_->updates; }
const SacLearner& SacAgent::learner() const { return *state_->learner; }
const SacConfig& SacAgent::config() const { return state_->user_config; }

void SacAgent::absorb(const SacAgent& sibling, const SacAgent& origin) {
  State& s = *state_;
  if (ranks_of(s.replicas) != 1) throw std::logic_error("SacAgent::absorb: needs an agent without replicas");
  const int64_t steps = sibling.steps_observed() - origin.steps_observed();
  const int64_t updates = sibling.updates_done() - origin.updates_done();
  const int64_t first_new = origin.experience_offered();
  if (steps < 0 || updates < 0 || sibling.experience_offered() < first_new) {
    throw std::invalid_argument("SacAgent::absorb: the sibling did not start from the origin's state");
  }
  const SequencedTransitions held = sibling.experience();  // oldest first
  for (size_t i = 0; i < held.ids.size(); ++i) {
    if (held.ids[i] >= first_new) s.buffer->add(transition_at(held.batch, static_cast<int64_t>(i)));
  }
  s.steps += steps;
  for (int64_t i = 0; i < updates; ++i) s.update();
}

void SacAgent::save(const std::string& path) const {
  torch::serialize::OutputArchive archive;
  state_->save(archive, true);
  try {
    archive.save_to(path);
  } catch (const c10::Error& error) {
    throw std::runtime_error(path + ": cannot write the SAC agent checkpoint (" + error.what_without_backtrace() +
                             ")");
  }
}

std::string SacAgent::save_bytes(bool with_replay) const {
  torch::serialize::OutputArchive archive;
  state_->save(archive, with_replay);
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

void SacAgent::load_from(const std::function<void(torch::serialize::InputArchive&)>& open, const std::string& what) {
  auto fresh = std::make_unique<State>(state_->user_config, state_->replicas);
  try {
    torch::serialize::InputArchive archive;
    open(archive);
    fresh->load(archive);
  } catch (const c10::Error& error) {
    std::string reason = error.what_without_backtrace();
    reason = reason.substr(0, reason.find('\n'));
    throw std::runtime_error(what + ": not a SAC agent checkpoint of this configuration (" + reason + ")");
  } catch (const std::exception& error) {
    throw std::runtime_error(what + ": not a SAC agent checkpoint of this configuration (" +
                             std::string(error.what()) + ")");
  }
  state_ = std::move(fresh);
}

void SacAgent::load(const std::string& path) {
  load_from([&](torch::serialize::InputArchive& archive) { archive.load_from(path); }, path);
}

void SacAgent::load_bytes(const std::string& bytes, const std::string& what) {
  load_from([&](torch::serialize::InputArchive& archive) { archive.load_from(bytes.data(), bytes.size()); }, what);
}

SequencedTransitions SacAgent::experience() const { return state_->buffer->contents(); }
int64_t SacAgent::experience_offered() const { return state_->buffer->offered(); }

void SacAgent::restore_experience(const SequencedTransitions& all, int64_t offered) {
  state_->buffer->restore(all, offered);
}

}  // namespace hypera::sac
