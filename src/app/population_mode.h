#pragma once
// What `train --population.size=P` adds to a run (population/pbt_controller.h): the world split into P members,
// each member's own run folder, seed and collective, the PBT controller, and at the end the population's own
// summary.json and winner_schedule.csv in RUN_DIR. With P = 1 none of it exists and the run is an ordinary one.
// Layout of RUN_DIR with P > 1: member_<k>/ (an ordinary run folder each, written by the member's first rank:
// config.ini, metrics.csv, hparams.csv, checkpoints/ with population.txt, summary.json), population.csv,
// lineage.png, population_metric.png, summary.json (the winner's, with a "population" section),
// winner_schedule.csv (replayable: train --replay-schedule FILE), agents/ (with agents).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "comm/collective.h"
#include "core/train/run_config.h"
#include "core/train/trainer.h"
#include "population/member_layout.h"
#include "population/pbt_controller.h"
#include "population/population_options.h"

namespace hypera::app {

class PopulationMode {
 public:
  // Collective over `world`. InputError naming the option when the ranks do not divide into population.size
  // members, for a bad population.hyperparameters, or explore = agents without agents.
  PopulationMode(const population::PopulationOptions& options, bool with_agents, comm::Collective& world,
                 const std::filesystem::path& run_folder, uint64_t seed);

  bool active() const { return layout_.members > 1; }
  // The ranks that train this rank's model: the member's group, or the world without a population.
  comm::Collective& member_group() { return member_ ? *member_ : world_; }
  // This member's run folder (RUN_DIR itself without a population).
  std::filesystem::path member_folder() const;
  // `overrides` with this member's seed instead of any --train.seed: --train.seed=<train.seed + kMemberSeedStride x
  // member index>.
  std::vector<std::string> member_overrides(std::vector<std::string> overrides) const;
  // The seeds of one population's members lie this far apart, so that populations of consecutive seeds (compare's
  // seeds 0..N-1) share no member seed; member 0 keeps train.seed, pairing it with a single run of that seed.
  static constexpr uint64_t kMemberSeedStride = 100003;
  // Whether RUN_DIR holds a finished or started run of this mode (checkpoints).
  bool holds_checkpoints() const;

  // The shared agents act at batch-level hook points over the whole world, so every member must take the same
  // steps per epoch: InputError naming the option when a population (active) has agents (`agent_names`, not
  // empty) and either the batch_size agent or batch_size among population.hyperparameters would change one
  // member's steps. Local (the same on every rank).
  void check_agents(const std::vector<std::string>& agent_names) const;
  // Joins the trainer as its first listener, a participant and its state exchange (active only), and makes
  // the test evaluation the winner's alone (TrainerOptions::test_wanted is set before the trainer exists:
  // test_decision()).
  void attach(core::Trainer& trainer, std::ostream& console);
  // For TrainerOptions::test_wanted (active only; empty otherwise): elects the winner (collective over the
  // world) and answers whether this member is it, so that only the winner's best checkpoint sees the test split.
  std::function<bool(double best_metric)> test_decision();
  // Collective over the world (active only): the member with the best validation (summary.json's "best") wins;
  // world rank 0 writes RUN_DIR/summary.json (the winner's sections and "population": size, winner,
  // winner_best, generations, exploits) and RUN_DIR/winner_schedule.csv, and prints one line.
  void finish(const core::RunSummary& member_summary, const std::string& select_metric, std::ostream& console);

 private:
  population::PopulationOptions options_;
  comm::Collective& world_;
  std::filesystem::path run_folder_;
  uint64_t seed_;
  population::MemberLayout layout_;
  std::unique_ptr<comm::Collective> member_;
  std::unique_ptr<population::PbtController> controller_;
  std::optional<int> winner_;  // elected once, by test_decision() or finish()

  // The member with the best `best_metric` (each member's first rank contributes its own; ties: the lowest
  // member). Collective over the world; the first call elects, later calls return the same member.
  int elect_winner(double best_metric);
};

}  // namespace hypera::app
