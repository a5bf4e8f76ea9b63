// hypera_dist compare: trains every arm on every seed as separate `train` processes and reports, with paired
// statistics, whether any arm beats the best fixed learning-rate schedule.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "app/argument_list.h"
#include "app/commands.h"
#include "app/compare/arms.h"
#include "app/compare/comparison.h"
#include "app/compare/hparams_file.h"
#include "app/compare/openloop_schedule.h"
#include "app/compare/report_files.h"
#include "app/compare/run_launcher.h"
#include "app/compare/run_plan.h"
#include "app/compare/run_progress.h"
#include "app/compare/stale_runs.h"
#include "app/compare/trajectories.h"
#include "app/config_sections.h"
#include "core/logging/count_progress.h"
#include "core/train/data_source.h"
#include "core/train/run_config.h"
#include "support/input_error.h"

namespace hypera::app {
namespace {

// The usage text; the decision rule is comparison.h's, the one compare.md states.
std::string usage() {
  return "usage: hypera_dist compare --config FILE --arms A,B,... --seeds N --out DIR [--jobs J] [--metric NAME]\n"
         "                           [--margin M] [--meta DIR] [--population P] [--rerun-stale]\n"
         "                           [--section.key=value ...]\n"
         "\n"
         "Trains every arm on seeds 0..N-1 (one `hypera_dist train` process per run, --train.seed=k, the\n"
         "--section.key=value overrides passed to every run) and reports whether an arm beats the others.\n"
         "--seeds is required; use 10 or more (compare.md warns below 10 paired seeds): with 3 seeds a real\n"
         "difference is rarely told from noise.\n"
         "\n"
         "Arms:\n"
         "  constant (alias baseline)         --train.schedule=constant\n"
         "  constant-tuned                    a learning-rate sweep: groups constant-lr<f>, f = 0.25, 0.5, 1, 2, 4,\n"
         "                                    --train.schedule=constant --optim.lr=<f x optim.lr>, every seed; the\n"
         "                                    group with the best mean validation metric stands for the arm, and\n"
         "                                    every sweep run counts in its compute\n"
         "  poly, cosine, onecycle, plateau   --train.schedule=<name>\n"
         "  agents                            --train.schedule=poly --agents.enabled=all\n"
         "  agents-warm                       as agents, starting from the agents that the `agents` arm trained on\n"
         "                                    seed (k+1) mod N (needs agents in --arms and N >= 2)\n"
         "  agents-no-<name>                  as agents with --agents.disabled=<name> (an ablation)\n"
         "  agents-meta                       as agents with --agents-from META/agents --agents.learn=false (needs\n"
         "                                    --meta META, a meta-training folder with agents/manifest.txt)\n"
         "  agents-random                     as agents with --agents.policy=random (control)\n"
         "  agents-openloop                   --train.schedule=poly --train.replay_schedule=DIR/openloop_schedule.csv\n"
         "                                    (control: the agents-meta runs' mean schedule, replayed; needs\n"
         "                                    agents-meta in --arms). These runs start in a second launch, after\n"
         "                                    every other run ended and the file was built from the agents-meta\n"
         "                                    runs' hparams.csv.\n"
         "Population arms (each run a population of P members, --population P, default 4, started as\n"
         "`mpiexec -n P --oversubscribe`; its result is the member with the best validation; it costs P runs):\n"
         "  population-poly                   poly, members never copy or explore: the best of P seeds (a fixed\n"
         "                                    arm, the fixed schedule at the population's compute)\n"
         "  random-search                     poly, no copies; members 1.. draw population.hyperparameters from\n"
         "                                    their bounds (random search over PBT's ranges)\n"
         "  pbt                               poly with PBT: copies and perturbation\n"
         "  pbt-agents                        PBT whose explore step is the learned agents (--agents.enabled=all)\n"
         "  pbt-agents-meta                   as pbt-agents with the meta-trained agents, frozen (needs --meta)\n"
         "  population-agents                 learned agents sharing one replay over P members, no copies\n"
         "\n"
         "What is compared: the metric (--metric, default train.select_metric; it must be the one the runs select\n"
         "their best epoch by) picks each run's best epoch on the validation split. The best fixed arm (constant,\n"
         "baseline, constant-tuned, poly, cosine, onecycle, plateau) is the one with the best mean validation\n"
         "metric; every other arm is compared with it on the test split, seed by seed.\n"
         "\n"
         "Decision rule (M = --margin, default " +
         short_number(kDefaultMargin) + "): " + decision_rule("M") +
         "\n"
         "\n"
         "Also per arm: time to target (steps and training seconds until validation first reaches the median\n"
         "best validation score of the best fixed arm) and the compute counted (seconds of all its runs, the\n"
         "sweep for constant-tuned, every rank of a population, plus META/meta.json meta_train.seconds for\n"
         "agents-meta and pbt-agents-meta).\n"
         "\n"
         "Files in DIR:\n"
         "  runs/<group>/seed_<k>/    the run folder of each run (see hypera_dist train --help); <group> is the\n"
         "                            arm, or constant-lr<f> for constant-tuned\n"
         "  runs/<group>/seed_<k>.log its output\n"
         "  openloop_schedule.csv     the schedule agents-openloop replays (with that arm)\n"
         "  compare.csv               one row per run: validation metric, every test metric, seconds, steps,\n"
         "                            agent share\n"
         "  compare.md                the decision rule, the tables and verdicts (also printed at the end)\n"
         "  trajectories_lr.png, trajectories_loss_weights.png\n"
         "                            the learning rate and loss weights that the agent arms' runs chose\n"
         "\n"
         "Progress (stdout): a line as each run starts and as it ends; after each run that ran, and after the\n"
         "last, the count of all planned runs (reused ones included) with the elapsed time and an ETA (the runs\n"
         "left times the wall time per run that ran, so running J at once counts), on a terminal one line\n"
         "redrawn at the bottom:\n"
         "  compare: run 37/110 done (12 reused)  elapsed 1h02m  ETA 3h01m\n"
         "\n"
         "--jobs J runs up to J runs at once (default 1). A run whose summary.json exists is reused, not run again,\n"
         "and a half-done run continues from its last checkpoint, so a killed compare picks up where it stopped.\n"
         "A run folder whose config.ini differs from what this call plans for it (another budget, other options)\n"
         "is refused with the first differing key; --rerun-stale moves such folders aside (<folder>.stale-<n>)\n"
         "and runs them again.\n"
         "A failed run is reported with its log and the comparison goes on without it; the exit code is then 1.\n\n";
}

// The line of a run's start or end.
std::string event_line(const PlannedRun& run, const RunEvent& event, const RunResult* result,
                       const std::string& metric) {
  const std::string name = run.group + " seed " + std::to_string(run.seed);
  const std::string validation =
      result ? "validation " + metric + " " + short_number(summary_value(result->summary, "best", metric)) : "";
  const std::string problem = result && !result->complete ? " (" + result->problem + ")" : "";
  const std::string seconds = std::to_string(std::lround(event.seconds)) + " s";
  switch (event.status) {
    case RunStatus::kStarted:
      return "start   " + name + " (log " + run.log.string() + ")";
    case RunStatus::kFinished:
      return "done    " + name + ": exit 0, " + seconds + ", " + validation + problem;
    case RunStatus::kReused:
      return "reused  " + name + ": " + validation + problem;
    case RunStatus::kFailed:
      return "FAILED  " + name + ": exit " + std::to_string(event.exit_code) + ", " + seconds + ", log " +
             run.log.string();
    case RunStatus::kNotRun:
      break;
  }
  return "skipped " + name + ": " + event.reason;
}

// Prints the line of a run's start or end above the progress line, and counts an end into it.
void report_event(core::CountProgress& progress, const PlannedRun& run, const RunEvent& event, const RunResult* result,
                  const std::string& metric) {
  progress.line(event_line(run, event, result, metric));
  count_run_end(progress, event.status);
}

// Builds the replay file of agents-openloop from the complete agents-meta runs; "" when written, else why not.
std::string build_openloop_schedule(const std::vector<PlannedRun>& plan, const std::vector<RunResult>& results,
                                    const std::filesystem::path& out) {
  std::vector<std::vector<HparamWrite>> runs;
  try {
    for (std::size_t i = 0; i < plan.size(); ++i) {
      if (plan[i].arm == "agents-meta" && results[i].complete)
        runs.push_back(read_hparams(plan[i].folder / "hparams.csv"));
    }
    if (runs.empty()) return "no agents-meta run completed";
    core::write_replay_schedule(openloop_schedule_path(out), mean_agent_schedule(runs));
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

int compare(const SplitArguments& split) {
  CompareRequest request;
  request.config = required(split, "config");
  request.arms = parse_arms(required(split, "arms"));
  request.seeds = whole_number("seeds", required(split, "seeds"), 1);
  request.out = required(split, "out");
  request.overrides = split.rest;
  if (split.values.count("meta")) request.meta = split.values.at("meta");
  if (split.values.count("population")) request.population = whole_number("population", split.values.at("population"), 2);
  const int jobs = split.values.count("jobs") ? whole_number("jobs", split.values.at("jobs"), 1) : 1;
  const double margin =
      split.values.count("margin") ? positive_number("margin", split.values.at("margin")) : kDefaultMargin;
  ConfigSections sections;  // the runs read [agents] (the arms' --agents.* options)
  const auto loaded = core::load_run_config(request.config, request.overrides, sections.bound());
  request.lr = loaded.config.tunables.at("lr");
  const auto plan = plan_runs(request);
  const std::string metric = loaded.config.train.select_metric;
  if (split.values.count("metric") && split.values.at("metric") != metric) {
    throw InputError("option --metric: '" + split.values.at("metric") + "' is not train.select_metric ('" + metric +
                     "'), by which the runs pick their best epoch; set --train.select_metric instead");
  }
  // A run folder of an earlier call with another configuration is never reused silently (stale_runs.h).
  const auto planned_ini = [&](const PlannedRun& run) {
    ConfigSections run_sections;
    return core::load_run_config(request.config, config_overrides(run), run_sections.bound()).resolved_ini;
  };
  for (const auto& line : handle_stale_runs(plan, planned_ini, split.flags.count("rerun-stale") > 0)) {
    std::cout << "stale   " << line << std::endl;
  }
  // Concurrent runs would all write a missing prepared data file at once: prepare it here, once.
  core::open_prepared_data(loaded.config.data, std::cout);
  std::filesystem::create_directories(request.out);
  std::cout << "compare: " << plan.size() << " runs (" << request.arms.size() << " arms x " << request.seeds
            << " seeds), " << jobs << " at a time, into " << request.out.string() << std::endl;

  core::CountProgress progress(std::cout, core::rewritable_terminal(STDOUT_FILENO), "compare: run",
                               static_cast<int64_t>(plan.size()), core::ItemLength::kLong);
  std::vector<RunResult> results(plan.size());
  // Launch 0, then launch 1 (agents-openloop, which replays a file built from launch 0's agents-meta runs):
  // plan_runs puts launch-1 runs last, so each launch is a slice of the plan.
  const std::size_t second = std::size_t(
      std::find_if(plan.begin(), plan.end(), [](const PlannedRun& run) { return run.launch == 1; }) - plan.begin());
  const std::filesystem::path this_executable = "/proc/" + std::to_string(::getpid()) + "/exe";
  auto launch = [&](std::size_t begin, std::size_t end) {
    const std::vector<PlannedRun> runs(plan.begin() + long(begin), plan.begin() + long(end));
    // "/proc/<this process>/exe" itself, not the path it points to: every run starts this very binary, even when a
    // build replaces the file while the comparison runs (a resolved path would then be refused or start another
    // version); not /proc/self/exe, which mpiexec (a population arm's launcher) would read as itself.
    launch_runs(this_executable, runs, jobs, [&](const PlannedRun& run, const RunEvent& event) {
      RunResult* result = nullptr;
      if (event.status != RunStatus::kStarted) {
        result = &results[begin + std::size_t(&run - runs.data())];
        *result = read_run_result(run, event);
      }
      report_event(progress, run, event, result, metric);
    });
  };
  launch(0, second);
  if (second < plan.size()) {
    const std::string problem = build_openloop_schedule(plan, results, request.out);
    if (problem.empty()) {
      launch(second, plan.size());
    } else {
      for (std::size_t i = second; i < plan.size(); ++i) {
        const RunEvent not_run{RunStatus::kNotRun, 0, 0, "no open-loop schedule: " + problem};
        results[i] = read_run_result(plan[i], not_run);
        report_event(progress, plan[i], not_run, &results[i], metric);
      }
    }
  }

  std::vector<TrajectoryRun> trajectory_runs;
  bool all_complete = true;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    all_complete = all_complete && results[i].complete;
    if (results[i].complete && is_agent_arm(plan[i].arm)) {
      // A population's schedule is its winning member's.
      const double winner = summary_value(results[i].summary, "population", "winner");
      const auto folder = std::isfinite(winner) ? plan[i].folder / ("member_" + std::to_string(std::lround(winner)))
                                                : plan[i].folder;
      trajectory_runs.push_back({plan[i].arm + " s" + std::to_string(plan[i].seed), folder / "hparams.csv"});
    }
  }
  ReportInput input{request.arms,
                    request.seeds,
                    metric,
                    margin,
                    request.meta,
                    results,
                    plot_trajectories(request.out, trajectory_runs)};
  std::cout << "\n"
            << write_report(request.out, input) << "\nreport written to " << (request.out / "compare.md").string()
            << " and compare.csv\n";
  return all_complete ? 0 : 1;
}

}  // namespace

int run_compare(const Arguments& arguments) {
  const auto split =
      split_arguments(arguments, {"config", "arms", "seeds", "out", "jobs", "metric", "margin", "meta", "population"},
                      {"help", "rerun-stale"});
  if (split.flags.count("help")) {
    std::cout << usage();
    return 0;
  }
  return compare(split);
}

}  // namespace hypera::app
