#pragma once
// Population-based training over the MPI world (docs/ARCHITECTURE.md, "Population mode"): the world's ranks form
// population.size members (member_layout.h), each training its own model data-parallel over its group; one
// controller per rank, built alike on every rank, is the member trainer's listener, participant and state
// exchange:
//  - TrainBegin (fresh run): generation 0. With explore = perturb every member but member 0 starts from one explore
//    step of the configured values (otherwise all start from them). Resumed: every member must be at the same
//    epoch (std::runtime_error otherwise; the trainer's resume agreement, TrainerOptions::resume_group, sees to it);
//  - after every population.interval-th validation but the last (a generation; synchronous, collective over
//    the world): the members' fitness (the validation metric, or its gain since the lineage's previous
//    generation) is gathered; truncation selection (pbt_rules.h) picks who copies whom; each source's root
//    broadcasts its member state (member_state_bytes.h) in memory and the copying members load it; then with
//    explore = perturb each copying member perturbs the explored hyperparameters (with explore = agents it
//    keeps them and the learned agents' next proposals explore; with none it keeps them);
//  - records: population.csv after every generation and the plots at TrainEnd (population_records.h, world rank
//    0), a console line per generation,
//    every member's lineage schedule (winner_schedule()), and summary.json's "population" section (generations,
//    exploits, bytes and seconds they moved, seconds waiting at the generation barrier);
//  - checkpoints: every member's "last" holds population.txt (population_state.h), read back on resume.
// Decisions come from generators seeded by (seed, generation, member): every rank decides the same, and a resumed
// population as an uninterrupted one. Not thread-safe; the training thread calls it.
#include <ostream>
#include <string>
#include <vector>

#include "comm/collective.h"
#include "core/train/state_exchange.h"
#include "core/train/training_hooks.h"
#include "population/member_layout.h"
#include "population/population_options.h"
#include "population/population_state.h"

namespace hypera::population {

class PbtController final : public core::TrainingListener, public core::RunParticipant, public core::StateExchange {
 public:
  // `world` spans every member and must outlive the controller; `records_folder` (world rank 0; empty elsewhere)
  // receives population.csv and the plots; `console` (world rank 0; null elsewhere) a line per generation.
  // InputError naming the option for a bad population.hyperparameters (explored_tunables).
  PbtController(const PopulationOptions& options, const MemberLayout& layout, comm::Collective& world, uint64_t seed,
                std::filesystem::path records_folder, std::ostream* console);

  void on_hook(core::Hook hook, const core::TrainingState& state, core::HyperparameterRegistry& registry) override;
  void after_validation(const core::TrainingState& state, double selection_value, core::MemberState& member) override;

  void summarize(std::map<std::string, std::map<std::string, double>>& summary) override;
  std::vector<std::string> write_checkpoint(const std::filesystem::path& folder) override;
  void read_checkpoint(const std::filesystem::path& folder) override;
  double divergence() override { return 0; }  // the population state is computed alike on every rank

  // The explored hyperparameters' schedule of `member`'s lineage (replay rows, registry names): their values at
  // generation 0 and after every generation. Changes the agents make between generations (explore = agents) are
  // in the members' hparams.csv, not here.
  const std::vector<core::ReplayRow>& lineage_schedule(int member) const { return state_.schedules.at(member); }
  const PopulationState& state() const { return state_; }

 private:
  // Every member's `mine` (the same length on every rank; the member roots' values count), member after member.
  std::vector<double> member_values(const std::vector<double>& mine);
  std::vector<double> explored_values(const core::HyperparameterRegistry& registry) const;
  void explore(core::HyperparameterRegistry& registry, int64_t generation);
  void record(int64_t generation, const core::TrainingState& state, const std::vector<double>& metric,
              const std::vector<double>& fitness, const std::vector<int>& copied_from,
              const core::HyperparameterRegistry& registry);

  PopulationOptions options_;
  MemberLayout layout_;
  comm::Collective& world_;
  uint64_t seed_;
  std::filesystem::path records_folder_;
  std::ostream* console_;
  std::vector<std::string> names_;       // registry names of the explored hyperparameters
  std::vector<std::string> config_keys_;  // their option names (population.csv's columns)
  PopulationState state_;
  // The cost since this process started (not checkpointed): the bytes the exploits moved (each copy counted once, the
  // same on every rank), this rank's seconds in the exploits' broadcasts
  // and waiting for the slowest member at the generation barrier.
  double exploit_bytes_ = 0, exploit_seconds_ = 0, barrier_seconds_ = 0;
};

}  // namespace hypera::population
