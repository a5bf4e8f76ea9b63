// hypera_dist meta-train: trains the hyperparameter agents over many short runs (episodes over seeds and tasks)
// that share one agent state, each episode rewarded against a paired baseline run without agents.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <stdexcept>

#include "agents/hyperparameter/agent_factory.h"
#include "agents/hyperparameter/agent_folder.h"
#include "app/argument_list.h"
#include "app/commands.h"
#include "app/compare/comparison.h"
#include "app/compare/run_launcher.h"
#include "app/compare/run_progress.h"
#include "app/compare/run_result.h"
#include "app/config_sections.h"
#include "app/meta/episode_plan.h"
#include "app/meta/meta_report.h"
#include "app/meta/request_file.h"
#include "core/logging/count_progress.h"
#include "core/train/data_source.h"
#include "core/train/run_config.h"

namespace hypera::app {
namespace {

// The episodes completed so far: the run count of the agents' state folder (0 before the first episode).
int completed_episodes(const MetaRequest& request) {
  const auto folder = agents_folder(request);
  return std::filesystem::exists(folder / "manifest.txt") ? int(agents::read_agent_manifest(folder).runs) : 0;
}

const char* const kUsage =
    "usage: hypera_dist meta-train --config C1[,C2,...] --episodes N --seeds S --out DIR [--jobs J]\n"
    "                              [--seed-base B] [--section.key=value ...]\n"
    "\n"
    "Meta-trains the hyperparameter agents: one run gives them only tens of decisions, so N short runs\n"
    "(episodes) feed one persistent replay and one set of policies. Each config is a task (named by its file\n"
    "name without extension); runs use the seeds B..B+S-1 (default B = 1000, away from compare's 0..9), and the\n"
    "--section.key=value overrides go to every run.\n"
    "\n"
    "1. Paired baselines: for every task and seed one run without agents (the config's own schedule), on up\n"
    "   to J processes at once (default 1). They never evaluate the test split (--train.evaluate_test=false).\n"
    "2. Episodes e = 0..N-1 in rounds of J at once: episode e trains task C[e mod T] (T tasks) on seed\n"
    "   B + (e div T) mod S with every agent (--agents.enabled=all). Its terminal reward is\n"
    "   10 x (its final validation score - that of the baseline on the same task and seed)\n"
    "   (--agents.baseline_score); the score is final_validation.<train.select_metric> of summary.json.\n"
    "   With J = 1 each episode loads and saves the agents' whole state (networks, optimizers, temperature,\n"
    "   replay) in DIR/agents (train --agents-state). With J > 1 the episodes of a round each start from a copy\n"
    "   of DIR/agents and learn apart; after the round the copies are merged back: the round's first episode's\n"
    "   agents go on and take in every other episode's new transitions, with as many SAC updates on the merged\n"
    "   replay as that episode made (the updates per transition stay those of one episode after another). The\n"
    "   policies that act are then up to J - 1 episodes older than they would be one after another.\n"
    "\n"
    "Files in DIR:\n"
    "  request.txt                       the arguments that fix this meta-training (configs, seeds, seed base,\n"
    "                                    overrides); a call with other ones is refused\n"
    "  baselines/<task>/seed_<k>/, .log  the baseline runs and their output\n"
    "  episodes/e<e>_<task>_s<k>/, .log  the episodes and their output\n"
    "  rounds/e<e>_agents/               while a round of J > 1 runs: episode e's copy of the agents' state\n"
    "  agents/                           the meta-trained agents: deploy them with\n"
    "                                    hypera_dist train --agents-from DIR/agents\n"
    "  meta.csv                          one row per completed episode: episode, task, seed, baseline, final,\n"
    "                                    difference, seconds, updates (the agents' SAC updates in the episode)\n"
    "  meta.json                         meta_train: episodes, runs (baselines + episodes), seconds (sum of\n"
    "                                    timing.total_seconds of every run), mean_difference_first_half and\n"
    "                                    mean_difference_second_half (the first and the last floor(E/2) of the E\n"
    "                                    completed episodes: do the agents improve?)\n"
    "\n"
    "Resuming: the number of completed episodes K is the 'runs K' line of DIR/agents/manifest.txt. The same\n"
    "command again continues at episode K (the half-done round's episode folders and copies are deleted and it\n"
    "runs again from the agents' last saved state), reuses every baseline whose summary.json exists and continues a\n"
    "half-done baseline from its checkpoint. A larger --episodes trains on; --jobs may change.\n"
    "\n"
    "Progress (stdout): one line per start and end of every baseline and episode; an episode's end line has\n"
    "its final validation score, the baseline's, their difference and the agents' SAC updates; a round of\n"
    "J > 1 prints a 'merged' line with the updates made on the other episodes' transitions. After each\n"
    "baseline or episode that ran, and after the last, a count with the elapsed time and an ETA (the runs\n"
    "left times the wall time per run that ran in this call; baselines and episodes counted apart), on a\n"
    "terminal one line redrawn at the bottom:\n"
    "  meta-train: baseline 3/4 done (1 reused)  elapsed 20m00s  ETA 10m00s\n"
    "  meta-train: episode 12/40 done (10 done before)  elapsed 6m00s  ETA 1h24m\n"
    "A failed run stops meta-train with exit code 1, naming its log.\n\n";

std::string duration(double seconds) {
  if (!std::isfinite(seconds)) return "n/a";
  if (seconds < 120) return std::to_string(std::lround(seconds)) + " s";
  if (seconds < 7200) return std::to_string(std::lround(seconds / 60)) + " min";
  return short_number(seconds / 3600, "%.1f") + " h";
}

struct Task {
  std::string name;
  std::string metric;  // train.select_metric: the score of final_validation
  core::RunConfig config;      // with the user's overrides
  agents::AgentOptions agents;  // [agents] as the episodes run it (every agent)
};

// The line of a baseline's start or end.
std::string baseline_line(const PlannedRun& run, const RunEvent& event, const RunResult* result,
                          const std::string& metric) {
  const std::string name = "baseline " + run.arm + " seed " + std::to_string(run.seed);
  const std::string score = result ? "final validation " + metric + " " +
                                         short_number(summary_value(result->summary, "final_validation", metric))
                                   : "";
  switch (event.status) {
    case RunStatus::kStarted:
      return "start   " + name + " (log " + run.log.string() + ")";
    case RunStatus::kFinished:
      return "done    " + name + ": " + std::to_string(std::lround(event.seconds)) + " s, " + score;
    case RunStatus::kReused:
      return "reused  " + name + ": " + score;
    case RunStatus::kFailed:
      return "FAILED  " + name + ": exit " + std::to_string(event.exit_code) + ", log " + run.log.string();
    case RunStatus::kNotRun:
      break;
  }
  return "skipped " + name + ": " + event.reason;
}

// The progress line of meta-train's baselines or episodes (count_progress.h) on stdout.
core::CountProgress run_count(const std::string& what, std::size_t total) {
  return core::CountProgress(std::cout, core::rewritable_terminal(STDOUT_FILENO), "meta-train: " + what, int64_t(total),
                             core::ItemLength::kLong);
}

// Runs the baselines (reusing finished ones) and returns each one's final validation score, in plan order;
// counts them and their seconds into `progress`. Throws std::runtime_error naming the log of a baseline
// without a score, after all of them ended.
std::vector<double> run_baselines(const std::vector<PlannedRun>& plan, const std::vector<Task>& tasks, int seeds,
                                  int jobs, MetaProgress& progress) {
  std::vector<RunResult> results(plan.size());
  core::CountProgress count = run_count("baseline", plan.size());
  launch_runs("/proc/self/exe", plan, jobs, [&](const PlannedRun& run, const RunEvent& event) {
    const std::size_t index = std::size_t(&run - plan.data());
    RunResult* result = nullptr;
    if (event.status != RunStatus::kStarted) {
      result = &results[index];
      *result = read_run_result(run, event);
    }
    count.line(baseline_line(run, event, result, tasks[index / std::size_t(seeds)].metric));
    count_run_end(count, event.status);
  });
  std::vector<double> scores;
  progress.baseline_runs = int(plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const std::string& metric = tasks[i / std::size_t(seeds)].metric;
    const double score = summary_value(results[i].summary, "final_validation", metric);
    if (!std::isfinite(score)) {
      throw std::runtime_error(
          "baseline " + plan[i].arm + " seed " + std::to_string(plan[i].seed) + ": " +
          (results[i].complete ? "no final_validation." + metric + " in its summary.json" : results[i].problem));
    }
    scores.push_back(score);
    progress.baseline_seconds += summary_value(results[i].summary, "timing", "total_seconds");
  }
  return scores;
}

// Merges a round's state folders into META/agents with the agents of `task` (every agent, as the episodes ran)
// and returns the updates made on the other episodes' transitions (AgentStore::merge_round).
int64_t merge_round(const MetaRequest& request, const Task& task, const std::vector<std::filesystem::path>& states) {
  const auto coordinator = agents::make_coordinator({task.config, task.agents, agents::available_memory_bytes()},
                                                    nullptr);
  return coordinator->merge_round(agents_folder(request), states);
}

// Runs episodes first..first+size-1 of `request` at once and returns their records; their start lines go above
// `count`. Alone (size 1) an episode loads and saves META/agents; in a round of several each starts from a copy
// of it and merge_round() folds their states back after all ended. Throws std::runtime_error naming the log of
// a failed episode (after every episode of the round ended), and when an episode did not save its agents.
std::vector<EpisodeRecord> run_round(const MetaRequest& request, int first, int size, const std::vector<Task>& tasks,
                                     const std::function<double(int)>& baseline_of, core::CountProgress& count) {
  std::vector<PlannedRun> runs;
  std::vector<std::filesystem::path> states;  // each episode's --agents-state
  for (int episode = first; episode < first + size; ++episode) {
    runs.push_back(plan_episode(request, episode, baseline_of(episode), size));
    states.push_back(episode_state_folder(request, episode, size));
    std::filesystem::remove_all(runs.back().folder);  // a half-done episode of a killed meta-train starts again
    std::filesystem::remove(runs.back().log);
  }
  if (size > 1) {
    std::filesystem::remove_all(request.out / "rounds");  // the copies of a killed round
    for (const auto& state : states) {
      std::filesystem::create_directories(state.parent_path());
      if (std::filesystem::exists(agents_folder(request) / "manifest.txt")) {
        std::filesystem::copy(agents_folder(request), state, std::filesystem::copy_options::recursive);
      }
    }
  }
  auto name_of = [&](const PlannedRun& run) {
    const int episode = first + int(&run - runs.data());
    return "episode " + std::to_string(episode + 1) + "/" + std::to_string(request.episodes) + " (" + run.arm +
           " seed " + std::to_string(run.seed) + ")";
  };
  const auto ends = launch_runs("/proc/self/exe", runs, size, [&](const PlannedRun& run, const RunEvent& event) {
    if (event.status == RunStatus::kStarted) count.line("start   " + name_of(run) + " (log " + run.log.string() + ")");
  });
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (ends[i].status != RunStatus::kFinished) {
      throw std::runtime_error(name_of(runs[i]) + " failed: exit " + std::to_string(ends[i].exit_code) + ", log " +
                               runs[i].log.string());
    }
  }
  if (size == 1) {
    const int saved_runs = completed_episodes(request);
    if (saved_runs != first + 1) {
      throw std::runtime_error(name_of(runs[0]) + " finished, but " + (states[0] / "manifest.txt").string() +
                               " says runs " + std::to_string(saved_runs) + ", not " + std::to_string(first + 1) +
                               " (does this train support --agents-state?)");
    }
  } else {
    const int64_t absorbed = merge_round(request, tasks[episode_slot(request, first).task], states);
    count.line("merged  episodes " + std::to_string(first + 1) + "-" + std::to_string(first + size) + " into " +
               agents_folder(request).string() + ": " + std::to_string(absorbed) +
               " SAC updates on the other episodes' transitions");
    std::filesystem::remove_all(request.out / "rounds");
  }
  std::vector<EpisodeRecord> records;
  for (int episode = first; episode < first + size; ++episode) {
    const std::string& metric = tasks[episode_slot(request, episode).task].metric;
    records.push_back(read_episode_record(runs[std::size_t(episode - first)], episode, baseline_of(episode), metric));
  }
  return records;
}

// The end line of the latest episode of `progress`.
std::string episode_end_line(const MetaRequest& request, const MetaProgress& progress, const std::string& metric) {
  const EpisodeRecord& record = progress.episodes.back();
  return "done    episode " + std::to_string(record.episode + 1) + "/" + std::to_string(request.episodes) + " (" +
         record.task + " seed " + std::to_string(record.seed) + "): final " + metric + " " +
         short_number(record.final_score) + ", baseline " + short_number(record.baseline) + ", difference " +
         short_number(record.difference, "%+.4g") + ", updates " + short_number(record.updates, "%.0f") + ", " +
         duration(record.seconds);
}

int meta_train(const SplitArguments& split) {
  MetaRequest request;
  request.configs = parse_configs(required(split, "config"));
  request.episodes = whole_number("episodes", required(split, "episodes"), 1);
  request.seeds = whole_number("seeds", required(split, "seeds"), 1);
  if (split.values.count("seed-base")) request.seed_base = whole_number("seed-base", split.values.at("seed-base"), 0);
  request.out = required(split, "out");
  request.overrides = split.rest;
  const int jobs = split.values.count("jobs") ? whole_number("jobs", split.values.at("jobs"), 1) : 1;
  const auto baselines = plan_baselines(request);
  std::vector<Task> tasks;
  std::vector<std::string> episode_overrides = request.overrides;
  episode_overrides.push_back("--agents.enabled=all");
  for (const auto& config : request.configs) {
    ConfigSections sections;  // the episodes read [agents]
    const auto loaded = core::load_run_config(config, episode_overrides, sections.bound());
    tasks.push_back({task_name(config), loaded.config.train.select_metric, loaded.config, sections.agents});
  }
  claim_meta_folder(request.out, request_text(request));
  const int completed = completed_episodes(request);
  // Concurrent baselines would all write a missing prepared data file at once: prepare each task's here, once.
  for (const auto& task : tasks) core::open_prepared_data(task.config.data, std::cout);
  std::cout << "meta-train: " << request.episodes << " episodes (" << completed << " done) over " << tasks.size()
            << " tasks x " << request.seeds << " seeds, " << baselines.size() << " baselines (" << jobs
            << " at a time), into " << request.out.string() << std::endl;

  MetaProgress progress;
  const std::vector<double> scores = run_baselines(baselines, tasks, request.seeds, jobs, progress);
  auto baseline_of = [&](int episode) { return scores[baseline_index(request, episode_slot(request, episode))]; };
  auto metric_of = [&](int episode) { return tasks[episode_slot(request, episode).task].metric; };
  for (int episode = 0; episode < completed; ++episode) {
    progress.episodes.push_back(read_episode_record(plan_episode(request, episode, baseline_of(episode)), episode,
                                                    baseline_of(episode), metric_of(episode)));
  }
  write_meta_files(request.out, progress);
  {
    core::CountProgress count = run_count("episode", std::size_t(request.episodes));
    count.skip("done before", std::min(completed, request.episodes));
    for (int first = completed; first < request.episodes; first += jobs) {
      const int size = std::min(jobs, request.episodes - first);
      for (EpisodeRecord& record : run_round(request, first, size, tasks, baseline_of, count)) {
        progress.episodes.push_back(std::move(record));
        write_meta_files(request.out, progress);
        count.line(episode_end_line(request, progress, metric_of(progress.episodes.back().episode)));
        count.finish();
      }
    }
  }
  std::cout << "meta-train: " << progress.episodes.size() << " episodes complete; results in "
            << (request.out / "meta.csv").string() << " and meta.json; deploy the agents with hypera_dist train "
            << "--agents-from " << agents_folder(request).string() << std::endl;
  return 0;
}

}  // namespace

int run_meta_train(const Arguments& arguments) {
  const auto split = split_arguments(arguments, {"config", "episodes", "seeds", "out", "jobs", "seed-base"}, {"help"});
  if (split.flags.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  return meta_train(split);
}

}  // namespace hypera::app
