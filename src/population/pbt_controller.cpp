#include "population/pbt_controller.h"

#include <chrono>
#include <cmath>
#include <set>
#include <stdexcept>
#include <sstream>

#include "comm/host_values.h"
#include "population/member_state_bytes.h"
#include "population/pbt_rules.h"
#include "population/population_records.h"
#include "support/durable_file.h"
#include "support/file_text.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::population {
namespace {

constexpr const char* kStateFile = "population.txt";
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

PbtController::PbtController(const PopulationOptions& options, const MemberLayout& layout, comm::Collective& world,
                             uint64_t seed, std::filesystem::path records_folder, std::ostream* console)
    : options_(options),
      layout_(layout),
      world_(world),
      seed_(seed),
      records_folder_(std::move(records_folder)),
      console_(console) {
  for (const ExploredTunable& tunable : explored_tunables(options.hyperparameters)) {
    names_.push_back(tunable.name);
    config_keys_.push_back(tunable.config_key);
  }
  state_.previous_metric.assign(layout.members, NAN);
  state_.schedules.resize(layout.members);
}

std::vector<double> PbtController::member_values(const std::vector<double>& mine) {
  std::vector<double> slots(mine.size() * layout_.members, 0.0);
  if (layout_.is_member_root()) std::copy(mine.begin(), mine.end(), slots.begin() + layout_.member * mine.size());
  return comm::allreduce_values(world_, slots, comm::ReduceOp::kSum);
}

std::vector<double> PbtController::explored_values(const core::HyperparameterRegistry& registry) const {
  std::vector<double> values;
  for (const std::string& name : names_) values.push_back(registry.get(name));
  return values;
}

void PbtController::explore(core::HyperparameterRegistry& registry, int64_t generation) {
  auto random = decision_generator(seed_, generation, layout_.member);
  for (const std::string& name : names_) {
    registry.set(name, explored_value(registry.get(name), registry.spec(name), options_.resample_probability, random),
                 "population");
  }
}

void PbtController::on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry& registry) {
  if (hook == core::Hook::TrainEnd && !records_folder_.empty()) plot_population(records_folder_, state_, layout_.members);
  if (hook != core::Hook::TrainBegin) return;
  if (!comm::same_on_every_rank(world_, {double(state.epoch)})) {
    throw std::runtime_error("population: the members start at different epochs (they resumed from different "
                             "checkpoints; TrainerOptions::resume_group must span the whole population)");
  }
  if (state_.started) return;
  if (layout_.member > 0 && options_.explore == "perturb") explore(registry, 0);
  const int members = layout_.members;
  record(0, state, std::vector<double>(members, NAN), std::vector<double>(members, NAN),
         std::vector<int>(members, -1), registry);
  state_.started = true;
}

void PbtController::after_validation(const core::TrainingState& state, double selection_value,
                                     core::MemberState& member) {
  ++state_.validations;
  if (state_.validations % options_.interval != 0 || state.epoch + 1 >= state.epochs) return;
  const int64_t generation = ++state_.generations;
  const auto barrier_start = Clock::now();
  const std::vector<double> metric = member_values({selection_value});  // waits for the slowest member
  barrier_seconds_ += seconds_since(barrier_start);
  const std::vector<double> fitness = member_fitness(metric, state_.previous_metric, options_.fitness);
  std::vector<int> copied_from(layout_.members, -1);
  if (options_.exploit) {
    auto random = decision_generator(seed_, generation, -1);
    for (const Exploit& exploit : choose_exploits(fitness, options_.quantile, random)) {
      copied_from[exploit.target] = exploit.source;
    }
  }
  const std::set<int> sources(copied_from.begin(), copied_from.end());
  for (int source : sources) {
    if (source < 0) continue;
    const auto start = Clock::now();
    const bool sends = layout_.member == source && layout_.is_member_root();
    const std::string bytes = comm::broadcast_bytes(world_, sends ? pack_member_state(member) : std::string(),
                                                    layout_.root_of(source));
    if (copied_from[layout_.member] == source) unpack_member_state(bytes, member);
    exploit_seconds_ += seconds_since(start);
    for (int from : copied_from) exploit_bytes_ += from == source ? double(bytes.size()) : 0.0;
  }
  const bool copied = copied_from[layout_.member] >= 0;
  if (copied && options_.explore == "perturb") explore(member.registry, generation);
  // Lineages follow the copies: a copying member's history is its source's from now on.
  const auto schedules_before = state_.schedules;
  for (int m = 0; m < layout_.members; ++m) {
    if (copied_from[m] >= 0) {
      state_.schedules[m] = schedules_before[copied_from[m]];
      state_.previous_metric[m] = metric[copied_from[m]];
    } else {
      state_.previous_metric[m] = metric[m];
    }
  }
  record(generation, state, metric, fitness, copied_from, member.registry);
  if (console_) {
    std::ostringstream line;
    line << "population generation " << generation << ":";
    for (int m = 0; m < layout_.members; ++m) {
      line << " " << m << "=" << support::format_number(std::round(metric[m] * 1e4) / 1e4);
      if (copied_from[m] >= 0) line << "<-" << copied_from[m];
    }
    *console_ << line.str() << "\n" << std::flush;
  }
}

void PbtController::record(int64_t generation, const core::TrainingState& state, const std::vector<double>& metric,
                           const std::vector<double>& fitness, const std::vector<int>& copied_from,
                           const core::HyperparameterRegistry& registry) {
  const size_t k = names_.size();
  const std::vector<double> values = member_values(explored_values(registry));
  for (int m = 0; m < layout_.members; ++m) {
    GenerationRow row{generation, state.epoch + (generation > 0 ? 1 : 0), state.step, m, metric[m], fitness[m],
                      copied_from[m], std::vector<double>(values.begin() + m * k, values.begin() + (m + 1) * k)};
    // The lineage schedule gains a row where a value differs from the one in effect.
    auto& schedule = state_.schedules[m];
    for (size_t i = 0; i < k; ++i) {
      double in_effect = NAN;
      for (const core::ReplayRow& earlier : schedule) in_effect = earlier.name == names_[i] ? earlier.value : in_effect;
      if (!(in_effect == row.values[i])) schedule.push_back({state.step, names_[i], row.values[i]});
    }
    state_.rows.push_back(std::move(row));
  }
  if (!records_folder_.empty()) write_population_csv(records_folder_, config_keys_, state_);
}

void PbtController::summarize(std::map<std::string, std::map<std::string, double>>& summary) {
  summary["population"] = {{"size", double(layout_.members)},
                           {"member", double(layout_.member)},
                           {"ranks_per_member", double(layout_.ranks_per_member)},
                           {"generations", double(state_.generations)},
                           {"exploits", double(state_.exploits())},
                           {"exploit_bytes", exploit_bytes_},
                           {"exploit_seconds", exploit_seconds_},
                           {"barrier_seconds", barrier_seconds_}};
}

std::vector<std::string> PbtController::write_checkpoint(const std::filesystem::path& folder) {
  if (folder.empty()) return {};
  support::write_file_atomically(folder / kStateFile, population_state_text(state_));
  return {kStateFile};
}

void PbtController::read_checkpoint(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / kStateFile;
  if (!std::filesystem::exists(file)) {
    throw InputError(file.string() + ": missing; the checkpoint was not written by a population of this size");
  }
  state_ = population_state_from_text(support::read_file_text(file), layout_.members, file.string());
}

}  // namespace hypera::population
