// hypera_dist compare: trains every arm on every seed as separate `train` processes and reports, with paired
// statistics, whether any arm beats the best fixed learning-rate schedule.
#include <cmath>
#include <filesystem>
#include <iostream>

#include "app/argument_list.h"
#include "app/commands.h"
#include "app/compare/arms.h"
#include "app/compare/comparison.h"
#include "app/compare/report_files.h"
#include "app/compare/run_launcher.h"
#include "app/compare/run_plan.h"
#include "app/compare/trajectories.h"
#include "core/train/data_source.h"
#include "core/train/run_config.h"
#include "data/io/input_error.h"

namespace hypera::app {
namespace {

const char* const kUsage =
    "usage: hypera_dist compare --config FILE --arms A,B,... --seeds N --out DIR [--jobs J] [--metric NAME]\n"
    "                           [--section.key=value ...]\n"
    "\n"
    "Trains every arm on seeds 0..N-1 (one `hypera_dist train` process per run, --train.seed=k, the\n"
    "--section.key=value overrides passed to every run) and reports whether an arm beats the others.\n"
    "\n"
    "Arms:\n"
    "  baseline                          --train.schedule=constant\n"
    "  poly, cosine, onecycle, plateau   --train.schedule=<name>\n"
    "  agents                            --train.schedule=constant --agents.enabled=all\n"
    "  agents-warm                       as agents, starting from the agents that the `agents` arm trained on\n"
    "                                    seed (k+1) mod N (needs agents in --arms and N >= 2)\n"
    "  agents-no-<name>                  as agents with --agents.disabled=<name> (an ablation)\n"
    "\n"
    "What is compared: the metric (--metric, default train.select_metric; it must be the one the runs select\n"
    "their best epoch by) picks each run's best epoch on the validation split. The best fixed arm (baseline,\n"
    "poly, cosine, onecycle, plateau) is the one with the best mean validation metric; every other arm is\n"
    "compared with it on the test split, seed by seed: differences, wins/ties/losses and a two-sided paired\n"
    "Student t test at alpha 0.05, with a verdict: beats the best fixed arm, no significant difference, worse.\n"
    "\n"
    "Files in DIR:\n"
    "  runs/<arm>/seed_<k>/      the run folder of each run (see hypera_dist train --help)\n"
    "  runs/<arm>/seed_<k>.log   its output\n"
    "  compare.csv               one row per run: validation metric, every test metric, seconds, agent share\n"
    "  compare.md                the tables and verdicts (also printed at the end)\n"
    "  trajectories_lr.png, trajectories_loss_weights.png\n"
    "                            the learning rate and loss weights that the agent arms' runs chose\n"
    "\n"
    "--jobs J runs up to J runs at once (default 1). A run whose summary.json exists is reused, not run again,\n"
    "and a half-done run continues from its last checkpoint, so a killed compare picks up where it stopped.\n"
    "A failed run is reported with its log and the comparison goes on without it; the exit code is then 1.\n\n";

// One progress line per start and end of a run.
void print_event(const PlannedRun& run, const RunEvent& event, const RunResult* result, const std::string& metric) {
  const std::string name = run.arm + " seed " + std::to_string(run.seed);
  const std::string validation =
      result ? "validation " + metric + " " + short_number(summary_value(result->summary, "best", metric)) : "";
  switch (event.status) {
    case RunStatus::kStarted:
      std::cout << "start   " << name << " (log " << run.log.string() << ")";
      break;
    case RunStatus::kFinished:
      std::cout << "done    " << name << ": exit 0, " << std::lround(event.seconds) << " s, " << validation;
      if (!result->complete) std::cout << " (" << result->problem << ")";
      break;
    case RunStatus::kReused:
      std::cout << "reused  " << name << ": " << validation;
      if (!result->complete) std::cout << " (" << result->problem << ")";
      break;
    case RunStatus::kFailed:
      std::cout << "FAILED  " << name << ": exit " << event.exit_code << ", " << std::lround(event.seconds)
                << " s, log " << run.log.string();
      break;
    case RunStatus::kNotRun:
      std::cout << "skipped " << name << ": " << event.reason;
      break;
  }
  std::cout << std::endl;
}

int compare(const SplitArguments& split) {
  CompareRequest request;
  request.config = required(split, "config");
  request.arms = parse_arms(required(split, "arms"));
  request.seeds = whole_number("seeds", required(split, "seeds"), 1);
  request.out = required(split, "out");
  request.overrides = split.rest;
  const int jobs = split.values.count("jobs") ? whole_number("jobs", split.values.at("jobs"), 1) : 1;
  const auto plan = plan_runs(request);
  const auto loaded = core::load_run_config(request.config, request.overrides);
  const std::string metric = loaded.config.train.select_metric;
  if (split.values.count("metric") && split.values.at("metric") != metric) {
    throw InputError("option --metric: '" + split.values.at("metric") + "' is not train.select_metric ('" + metric +
                     "'), by which the runs pick their best epoch; set --train.select_metric instead");
  }
  // Concurrent runs would all write a missing prepared data file at once: prepare it here, once.
  core::open_prepared_data(loaded.config.data, std::cout);
  std::filesystem::create_directories(request.out);
  std::cout << "compare: " << plan.size() << " runs (" << request.arms.size() << " arms x " << request.seeds
            << " seeds), " << jobs << " at a time, into " << request.out.string() << std::endl;

  std::vector<RunResult> results(plan.size());
  // "/proc/self/exe" itself, not the path it points to: every run starts this very binary, even when a build
  // replaces the file while the comparison runs (a resolved path would then be refused or start another
  // version).
  launch_runs("/proc/self/exe", plan, jobs,
              [&](const PlannedRun& run, const RunEvent& event) {
                RunResult* result = nullptr;
                if (event.status != RunStatus::kStarted) {
                  result = &results[std::size_t(&run - plan.data())];
                  *result = read_run_result(run, event);
                }
                print_event(run, event, result, metric);
              });

  std::vector<TrajectoryRun> trajectory_runs;
  bool all_complete = true;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    all_complete = all_complete && results[i].complete;
    if (results[i].complete && is_agent_arm(plan[i].arm)) {
      trajectory_runs.push_back({plan[i].arm + " s" + std::to_string(plan[i].seed), plan[i].folder / "hparams.csv"});
    }
  }
  ReportInput input{request.arms, request.seeds, metric, results, plot_trajectories(request.out, trajectory_runs)};
  std::cout << "\n"
            << write_report(request.out, input) << "\nreport written to " << (request.out / "compare.md").string()
            << " and compare.csv\n";
  return all_complete ? 0 : 1;
}

}  // namespace

int run_compare(const Arguments& arguments) {
  const auto split = split_arguments(arguments, {"config", "arms", "seeds", "out", "jobs", "metric"}, {"help"});
  if (split.flags.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  return compare(split);
}

}  // namespace hypera::app
