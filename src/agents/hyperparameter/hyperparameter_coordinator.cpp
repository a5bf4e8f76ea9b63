#include "agents/hyperparameter/hyperparameter_coordinator.h"

#include <chrono>

#include "core/train/tunables.h"

namespace hypera::agents {

HyperparameterCoordinator::HyperparameterCoordinator(const HyperparameterCoordinatorConfig& config,
                                                     std::vector<std::unique_ptr<HyperparameterAgent>> agents,
                                                     comm::Collective* group, comm::Collective* member)
    : group_(group ? *group : alone_),
      decider_(config, std::move(agents), group_, member ? *member : group_),
      store_(decider_, group_),
      log_(decider_) {}

void HyperparameterCoordinator::on_hook(core::Hook hook, const core::TrainingState& state,
                                        core::HyperparameterRegistry& registry) {
  const auto start = std::chrono::steady_clock::now();
  if (hook == core::Hook::TrainBegin) {
    log_.start_run();
    decider_.check_learning_horizon(state, store_.any_agent_loaded());
  }
  log_.record(decider_.on_hook(hook, state, registry), state.step);
  if (hook == core::Hook::TrainEnd) store_.save_at_train_end();
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void HyperparameterCoordinator::summarize(std::map<std::string, std::map<std::string, double>>& summary) {
  log_.summarize(seconds_, summary);
}

std::vector<std::string> HyperparameterCoordinator::write_checkpoint(const std::filesystem::path& folder) {
  return store_.write_checkpoint(folder);
}

void HyperparameterCoordinator::read_checkpoint(const std::filesystem::path& folder) {
  store_.read_checkpoint(folder);
}

double HyperparameterCoordinator::divergence() { return decider_.divergence(); }

core::ListenerNeeds HyperparameterCoordinator::needs() const {
  core::ListenerNeeds needs;
  needs.rollback = true;
  for (size_t i = 0; i < decider_.agent_count(); ++i) {
    for (const std::string& name : decider_.agent(i).observed_hyperparameters()) {
      needs.distance_maps = needs.distance_maps || name == core::tunable::kLossBoundary.name;
    }
  }
  return needs;
}

void HyperparameterCoordinator::save(const std::filesystem::path& folder, bool with_replay) const {
  store_.save(folder, with_replay);
}

std::vector<std::string> HyperparameterCoordinator::load(const std::filesystem::path& folder, bool with_replay) {
  return store_.load(folder, with_replay);
}

}  // namespace hypera::agents
