#include "agents/hyperparameter/agent_store.h"

#include <sstream>
#include <stdexcept>

#include "agents/hyperparameter/agent_checkpoint.h"
#include "agents/hyperparameter/agent_folder.h"
#include "agents/hyperparameter/number_stream.h"
#include "comm/host_values.h"
#include "support/input_error.h"

namespace hypera::agents {
namespace {

constexpr const char* kCheckpointFile = "agents.h5";

}  // namespace

void AgentStore::save_at_train_end() const {
  if (!save_folder_.empty() && group_.rank() == 0) save(save_folder_, save_replay_);
}

void AgentStore::save(const std::filesystem::path& folder, bool with_replay) const {
  std::vector<std::pair<std::string, const sac::SacAgent*>> agents;
  for (size_t i = 0; i < decider_.agent_count(); ++i) {
    agents.emplace_back(decider_.agent(i).name(), &decider_.learner(i));
  }
  save_agent_folder(folder, agents, with_replay, loaded_runs_ + 1);
}

std::vector<std::string> AgentStore::load(const std::filesystem::path& folder, bool with_replay) {
  const AgentFolderManifest manifest = read_agent_manifest(folder);
  if (with_replay) loaded_runs_ = manifest.runs;
  std::vector<std::string> loaded;
  for (size_t i = 0; i < decider_.agent_count(); ++i) {
    const std::string& name = decider_.agent(i).name();
    if (load_agent(folder, name, with_replay, decider_.learner(i))) loaded.push_back(name);
  }
  loaded_ = loaded_ || !loaded.empty();
  return loaded;
}

int64_t AgentStore::merge_round(const std::filesystem::path& origin,
                                const std::vector<std::filesystem::path>& episodes) {
  const bool started_fresh = !std::filesystem::exists(origin / "manifest.txt");
  const int64_t origin_runs = started_fresh ? 0 : read_agent_manifest(origin).runs;
  for (const auto& episode : episodes) {
    const int64_t runs = read_agent_manifest(episode).runs;
    if (runs != origin_runs + 1) {
      throw InputError((episode / "manifest.txt").string() + ": says runs " + std::to_string(runs) + ", not " +
                       std::to_string(origin_runs + 1) + " (one run after " + origin.string() + ")");
    }
  }
  auto load_from_episode = [](const std::filesystem::path& episode, const std::string& name, sac::SacAgent& agent) {
    if (!load_agent(episode, name, true, agent)) throw InputError(episode.string() + ": holds no '" + name + "' agent");
  };
  int64_t absorbed_updates = 0;
  std::vector<std::pair<std::string, const sac::SacAgent*>> merged;
  for (size_t i = 0; i < decider_.agent_count(); ++i) {
    const std::string& name = decider_.agent(i).name();
    sac::SacAgent& learner = decider_.learner(i);
    sac::SacAgent start(learner.config());
    if (!started_fresh) load_agent(origin, name, true, start);  // an agent the origin lacks started fresh
    load_from_episode(episodes.at(0), name, learner);
    const int64_t own_updates = learner.updates_done();
    for (size_t k = 1; k < episodes.size(); ++k) {
      sac::SacAgent sibling(learner.config());
      load_from_episode(episodes[k], name, sibling);
      learner.absorb(sibling, start);
    }
    absorbed_updates += learner.updates_done() - own_updates;
    merged.emplace_back(name, &learner);
  }
  save_agent_folder(origin, merged, true, origin_runs + int64_t(episodes.size()));
  return absorbed_updates;
}

std::vector<std::string> AgentStore::write_checkpoint(const std::filesystem::path& folder) {
  RankAgentState mine;
  for (size_t i = 0; i < decider_.agent_count(); ++i) {
    const sac::SacAgent& learner = decider_.learner(i);
    AgentShardState& shard = mine.agents[decider_.agent(i).name()];
    shard.state = learner.save_bytes();
    shard.experience = learner.experience();
    shard.offered = learner.experience_offered();
  }
  mine.coordinator = memory_bytes();
  const std::vector<std::string> gathered = comm::allgather_bytes(group_, pack(mine));
  if (folder.empty()) return {};
  std::vector<RankAgentState> ranks;
  for (const std::string& bytes : gathered) ranks.push_back(unpack(bytes));
  write_agent_checkpoint(folder / kCheckpointFile, ranks);
  return {kCheckpointFile};
}

void AgentStore::read_checkpoint(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / kCheckpointFile;
  RankAgentState saved = read_agent_checkpoint(file, group_.rank());
  for (size_t i = 0; i < decider_.agent_count(); ++i) {
    const std::string& name = decider_.agent(i).name();
    const auto found = saved.agents.find(name);
    if (found == saved.agents.end()) {
      throw InputError(file.string() + ": holds no '" + name + "' agent; resume with the same agents");
    }
    try {
      decider_.learner(i).load_bytes(found->second.state, file.string());
      decider_.learner(i).restore_experience(found->second.experience, found->second.offered);
    } catch (const std::exception& error) {
      throw InputError(file.string() + ": does not match this run's " + name + " agent (" + error.what() + ")");
    }
  }
  try {
    decider_.restore(memory_from_bytes(saved.coordinator));
  } catch (const std::exception& error) {
    throw InputError(file.string() + ": " + error.what());
  }
}

std::string AgentStore::memory_bytes() const {
  const DecisionMemory& memory = decider_.memory();
  std::ostringstream generator;
  generator << memory.random;
  NumberWriter out;
  out.text(generator.str()).numbers(memory.signals.values()).number(double(memory.seen_rollbacks));
  out.numbers(std::vector<double>(memory.last_actors.begin(), memory.last_actors.end()));
  for (size_t i = 0; i < memory.agents.size(); ++i) {
    const AgentDecisions& own = memory.agents[i];
    const SignalSnapshot& d = own.at_decision;
    out.text(decider_.agent(i).name()).number(double(own.occurrences)).number(double(own.decisions));
    out.number(own.pending ? 1 : 0).floats(own.state).floats(own.action);
    out.numbers({d.loss, d.loss_volatility, d.validation, d.gap, double(d.validations), double(d.rollbacks)});
    out.number(double(own.rollback_hits)).number(double(own.penalties)).numbers(own.statistics.values());
  }
  return out.str();
}

DecisionMemory AgentStore::memory_from_bytes(const std::string& bytes) const {
  DecisionMemory memory = decider_.memory();
  NumberReader in(bytes, "the coordinator's state");
  std::istringstream generator(in.text());
  generator >> memory.random;
  if (!generator) throw std::runtime_error("the coordinator's generator state is damaged");
  memory.signals.restore(in.numbers());
  memory.seen_rollbacks = in.whole();
  memory.last_actors.clear();
  for (double i : in.numbers()) memory.last_actors.push_back(static_cast<size_t>(i));
  for (size_t i = 0; i < memory.agents.size(); ++i) {
    AgentDecisions& own = memory.agents[i];
    if (in.text() != decider_.agent(i).name()) throw std::runtime_error("the agents are not this run's");
    own.occurrences = in.whole();
    own.decisions = in.whole();
    own.pending = in.whole() != 0;
    own.state = in.floats();
    own.action = in.floats();
    const auto d = in.numbers();
    if (d.size() != 6) throw std::runtime_error("a decision snapshot is damaged");
    own.at_decision = {d[0], d[1], d[2], d[3], int64_t(d[4]), int64_t(d[5])};
    own.rollback_hits = in.whole();
    own.penalties = in.whole();
    own.statistics.restore(in.numbers());
  }
  return memory;
}

}  // namespace hypera::agents
