#pragma once
// The runs of `hypera_dist meta-train` and where they live in the meta folder META:
//   META/baselines/<task>/seed_<k>/        the paired baseline of task and seed k: the config's own schedule,
//   META/baselines/<task>/seed_<k>.log     no agents
//   META/episodes/e<e>_<task>_s<k>/        episode e (0-based), its run folder and log
//   META/episodes/e<e>_<task>_s<k>.log
//   META/agents/                           the agents' state that every episode loads and saves (--agents-state)
//   META/rounds/e<e>_agents/               in a round of several episodes at once: episode e's copy of
//                                          META/agents, merged back into it after the round
// Episode e trains task configs[e % T] on seed B + (e / T) % S (T tasks, S seeds, B the seed base): the tasks
// take turns, each seed serves every task before the next seed comes, and after T x S episodes the seeds
// repeat. No run evaluates the test split (--train.evaluate_test=false). Pure functions of their arguments
// (the request as accepted by plan_baselines); thread-safe.
#include <cstddef>
#include <filesystem>

#include "app/compare/run_plan.h"
#include "app/meta/meta_request.h"

namespace hypera::app {

struct EpisodeSlot {
  std::size_t task = 0;  // index into MetaRequest::configs
  int seed = 0;          // the --train.seed of the episode and of its baseline
};

EpisodeSlot episode_slot(const MetaRequest& request, int episode);

// META/agents: the folder every episode passes as --agents-state, and what `train --agents-from` deploys.
std::filesystem::path agents_folder(const MetaRequest& request);

// Every baseline, config by config in --config order, seeds ascending, each (arm = its task name)
//   train --config C --out F <user overrides> --resume auto --train.seed=k --train.evaluate_test=false
// (--resume auto: a baseline that a killed meta-train left half done continues). Throws hypera::InputError when
// a user override sets what meta-train sets per run: train.seed, train.evaluate_test, agents.enabled,
// agents.baseline_score, --agents-state, --agents-from, --resume.
std::vector<PlannedRun> plan_baselines(const MetaRequest& request);

// The index in plan_baselines(request) of the baseline paired with `slot`.
std::size_t baseline_index(const MetaRequest& request, const EpisodeSlot& slot);

// The state folder of episode `episode` in a round of `round_size` episodes run at once: META/agents when it
// runs alone (round_size 1), META/rounds/e<e>_agents otherwise.
std::filesystem::path episode_state_folder(const MetaRequest& request, int episode, int round_size);

// Episode `episode` (arm = its task name), whose paired baseline reached `baseline_score`, in a round of
// `round_size` episodes run at once:
//   train --config C --out F <user overrides> --agents.enabled=all --agents-state <episode_state_folder>
//         --agents.baseline_score=<baseline_score> --train.seed=k --train.evaluate_test=false
// Without --resume: a half-done episode is started again from the agents' last saved state.
PlannedRun plan_episode(const MetaRequest& request, int episode, double baseline_score, int round_size = 1);

}  // namespace hypera::app
