#include "app/population_mode.h"

#include <algorithm>
#include <cmath>

#include "app/compare/summary_file.h"
#include "comm/host_values.h"
#include "core/train/metric_lines.h"
#include "core/train/run_logger.h"
#include "core/train/tunables.h"
#include "population/population_records.h"
#include "support/durable_file.h"
#include "support/file_text.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::app {

PopulationMode::PopulationMode(const population::PopulationOptions& options, bool with_agents,
                               comm::Collective& world, const std::filesystem::path& run_folder, uint64_t seed)
    : options_(options),
      world_(world),
      run_folder_(run_folder),
      seed_(seed),
      layout_(population::member_layout(world.size(), world.rank(), options.size)) {
  if (!active()) return;
  population::explored_tunables(options.hyperparameters);  // refused here, on every rank alike, before any rank trains
  if (options.explore == "agents" && !with_agents) {
    throw InputError("option 'population.explore': agents needs hyperparameter agents (agents.enabled)");
  }
  member_ = world.split(layout_.member, world.rank());
}

std::filesystem::path PopulationMode::member_folder() const {
  return active() ? run_folder_ / ("member_" + std::to_string(layout_.member)) : run_folder_;
}

std::vector<std::string> PopulationMode::member_overrides(std::vector<std::string> overrides) const {
  // The option may be given once: the member's seed replaces a --train.seed of the command line.
  overrides.erase(std::remove_if(overrides.begin(), overrides.end(),
                                 [](const std::string& word) { return word.rfind("--train.seed=", 0) == 0; }),
                  overrides.end());
  overrides.push_back("--train.seed=" + std::to_string(seed_ + kMemberSeedStride * static_cast<uint64_t>(layout_.member)));
  return overrides;
}

bool PopulationMode::holds_checkpoints() const {
  return std::filesystem::exists(run_folder_ / "checkpoints") ||
         std::filesystem::exists(run_folder_ / "member_0" / "checkpoints");
}

void PopulationMode::check_agents(const std::vector<std::string>& agent_names) const {
  if (!active() || agent_names.empty()) return;
  if (std::find(agent_names.begin(), agent_names.end(), "batch_size") != agent_names.end()) {
    throw InputError("option 'agents.enabled': in a population the batch_size agent would give the members different "
                     "steps per epoch, out of step with the agents they share (add --agents.disabled=batch_size)");
  }
}

void PopulationMode::attach(core::Trainer& trainer, std::ostream& console) {
  if (!active()) return;
  const bool writes = world_.rank() == 0;
  controller_ = std::make_unique<population::PbtController>(options_, layout_, world_, seed_,
                                                            writes ? run_folder_ : std::filesystem::path(),
                                                            writes ? &console : nullptr);
  trainer.add_listener(controller_.get());
  trainer.add_participant(controller_.get());
  trainer.set_state_exchange(controller_.get());
}

std::function<bool(double)> PopulationMode::test_decision() {
  if (!active()) return {};
  return [this](double best_metric) { return elect_winner(best_metric) == layout_.member; };
}

int PopulationMode::elect_winner(double best_metric) {
  if (winner_) return *winner_;
  std::vector<double> best(layout_.members, 0.0);  // slot m: member m's, from its first rank
  if (layout_.is_member_root()) best[layout_.member] = std::isfinite(best_metric) ? best_metric : -1e300;
  best = comm::allreduce_values(world_, best, comm::ReduceOp::kSum);
  winner_ = int(std::max_element(best.begin(), best.end()) - best.begin());
  return *winner_;
}

void PopulationMode::finish(const core::RunSummary& member_summary, const std::string& select_metric,
                            std::ostream& console) {
  if (!active()) return;
  const auto value_of = [&](const std::string& section, const std::string& key) -> double {
    const auto found = member_summary.find(section);
    if (found == member_summary.end() || !found->second.count(key)) return NAN;
    return found->second.at(key);
  };
  const int winner = elect_winner(value_of("best", select_metric));
  const double compute_seconds =
      comm::allreduce_values(world_, {value_of("timing", "total_seconds")}, comm::ReduceOp::kSum)[0];
  if (world_.rank() != 0) return;
  const auto member_path = [&](int m) { return run_folder_ / ("member_" + std::to_string(m)); };
  SummarySections summary = read_summary(member_path(winner) / "summary.json");
  const double winner_best = summary["best"][select_metric];
  summary["population"] = {{"size", double(layout_.members)},
                           {"ranks_per_member", double(layout_.ranks_per_member)},
                           {"winner", double(winner)},
                           {"winner_best", winner_best},
                           {"generations", double(controller_->state().generations)},
                           {"exploits", double(controller_->state().exploits())},
                           {"compute_seconds", compute_seconds}};
  std::vector<std::string> members_csv;
  for (int m = 0; m < layout_.members; ++m) members_csv.push_back(support::read_file_text(member_path(m) / "metrics.csv"));
  support::write_file_atomically(run_folder_ / "metrics.csv",
                                 population::best_member_metrics_csv(members_csv, "val_" + select_metric,
                                                                     run_folder_.string() + "/member_*/metrics.csv"));
  support::write_file_atomically(run_folder_ / "summary.json", core::summary_json(summary));
  core::write_replay_schedule(run_folder_ / "winner_schedule.csv", controller_->lineage_schedule(winner));
  console << "population: member " << winner << " wins (best " << select_metric << " "
          << support::format_number(winner_best) << "); its schedule: "
          << (run_folder_ / "winner_schedule.csv").string() << "\n";
  if (summary.count("test")) {
    console << "test (the winner's best checkpoint)" << core::headline_metrics(summary["test"], select_metric) << "\n";
  }
}

}  // namespace hypera::app
