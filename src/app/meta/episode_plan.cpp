#include "app/meta/episode_plan.h"

#include "support/number_text.h"

namespace hypera::app {
namespace {

// train --config C --out F <user overrides> <own> --train.seed=k --train.evaluate_test=false
std::vector<std::string> run_arguments(const MetaRequest& request, std::size_t task,
                                       const std::filesystem::path& folder, const std::vector<std::string>& own,
                                       int seed) {
  std::vector<std::string> arguments = {"train", "--config", request.configs[task].string(), "--out", folder.string()};
  arguments.insert(arguments.end(), request.overrides.begin(), request.overrides.end());
  arguments.insert(arguments.end(), own.begin(), own.end());
  arguments.insert(arguments.end(), {"--train.seed=" + std::to_string(seed), "--train.evaluate_test=false"});
  return arguments;
}

}  // namespace

EpisodeSlot episode_slot(const MetaRequest& request, int episode) {
  const int tasks = int(request.configs.size());
  return {std::size_t(episode % tasks), request.seed_base + (episode / tasks) % request.seeds};
}

std::filesystem::path agents_folder(const MetaRequest& request) { return request.out / "agents"; }

std::vector<PlannedRun> plan_baselines(const MetaRequest& request) {
  refuse_owned_overrides(request.overrides,
                         {"train.seed", "train.evaluate_test", "agents.enabled", "agents.baseline_score",
                          "agents-state", "agents-from", "resume"},
                         "meta-train sets it per run");
  std::vector<PlannedRun> plan;
  for (std::size_t task = 0; task < request.configs.size(); ++task) {
    const std::string name = task_name(request.configs[task]);
    for (int seed = request.seed_base; seed < request.seed_base + request.seeds; ++seed) {
      PlannedRun run;
      run.arm = name;
      run.seed = seed;
      const std::string seed_name = "seed_" + std::to_string(seed);
      run.folder = request.out / "baselines" / name / seed_name;
      run.log = request.out / "baselines" / name / (seed_name + ".log");
      run.arguments = run_arguments(request, task, run.folder, {"--resume", "auto"}, seed);
      plan.push_back(std::move(run));
    }
  }
  return plan;
}

std::size_t baseline_index(const MetaRequest& request, const EpisodeSlot& slot) {
  return slot.task * std::size_t(request.seeds) + std::size_t(slot.seed - request.seed_base);
}

std::filesystem::path episode_state_folder(const MetaRequest& request, int episode, int round_size) {
  if (round_size == 1) return agents_folder(request);
  return request.out / "rounds" / ("e" + std::to_string(episode) + "_agents");
}

PlannedRun plan_episode(const MetaRequest& request, int episode, double baseline_score, int round_size) {
  const EpisodeSlot slot = episode_slot(request, episode);
  PlannedRun run;
  run.arm = task_name(request.configs[slot.task]);
  run.seed = slot.seed;
  const std::string name = "e" + std::to_string(episode) + "_" + run.arm + "_s" + std::to_string(slot.seed);
  run.folder = request.out / "episodes" / name;
  run.log = request.out / "episodes" / (name + ".log");
  const std::filesystem::path state = episode_state_folder(request, episode, round_size);
  run.arguments = run_arguments(request, slot.task, run.folder,
                                {"--agents.enabled=all", "--agents-state", state.string(),
                                 "--agents.baseline_score=" + support::format_number(baseline_score)},
                                slot.seed);
  return run;
}

}  // namespace hypera::app
