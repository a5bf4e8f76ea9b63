// hypera_dist train: one training run into a run folder, on one rank or data-parallel under mpirun.
#include <torch/cuda.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "agents/hyperparameter/agent_factory.h"
#include "app/argument_list.h"
#include "app/commands.h"
#include "app/config_sections.h"
#include "app/population_mode.h"
#include "app/run_overlays.h"
#include "app/compare/summary_file.h"
#include "core/train/data_source.h"
#include "core/train/device_choice.h"
#include "core/train/run_config.h"
#include "core/train/schedule_replay.h"
#include "core/train/trainer.h"
#include "support/input_error.h"
#include "support/stop_signals.h"
#include "comm/checked_collective.h"
#include "dist/mpi_collective.h"
#include "dist/mpi_session.h"
#ifdef HYPERA_HAVE_NCCL
#include "dist/nccl_collective.h"
#endif
#include "dist/world.h"

namespace hypera::app {
namespace {

const char* const kUsage =
    "usage: hypera_dist train --config FILE --out RUN_DIR [--resume auto|no] [--verify-replicas]\n"
    "                         [--agents-from RUN|AGENTS_DIR] [--agents-state DIR]\n"
    "                         [--section.key=value ...]\n"
    "                         [--replay-schedule FILE]\n"
    "       mpirun -n N hypera_dist train ...   (data parallel: N ranks, train.batch_size samples per rank)\n"
    "       mpirun -n N hypera_dist train ... --population.size=P   (population-based training: P members)\n"
    "\n"
    "Trains a U-Net as the config says and writes RUN_DIR/{config.ini, metrics.csv, hparams.csv,\n"
    "summary.json, events.out.tfevents.*, loss_curve.png, validation_curve.png, checkpoints/, overlays/}.\n"
    "overlays/{validation,test}_<sample>.png: the first 3 samples of each split (test only with\n"
    "train.evaluate_test) in grey with the true contour green, the best checkpoint's predicted contour\n"
    "magenta and both white (a volume: its middle z slice); a population's are the winner's.\n"
    "Every config key can be given on the command line: [train] epochs=3 is --train.epochs=3.\n"
    "--resume auto continues from RUN_DIR/checkpoints/last when it exists (exactly: same data order,\n"
    "augmentation and dropout as an uninterrupted run); without it an existing RUN_DIR with checkpoints\n"
    "is refused so that no finished run is overwritten. With agents, their networks, generators, replay,\n"
    "training signals and open decisions continue from the checkpoint (agents.h5, also on another number\n"
    "of ranks).\n"
    "Time limits: on SIGUSR1 or SIGTERM every rank finishes its current step (the ranks agree on which),\n"
    "writes RUN_DIR/checkpoints/last and exits with code 75; --resume auto then continues inside that epoch,\n"
    "to the same final model as an uninterrupted run on CPU. A second signal ends the process at once.\n"
    "The file named by the environment variable HYPERA_STOP_FILE, once it exists, stops the run the same way.\n"
    "jobs/slurm/train.sh asks Slurm for SIGUSR1 before the limit, creates that file too (a signal that came\n"
    "while the ranks were starting is not lost), and requeues the job on exit 75.\n"
    "Under mpirun every rank trains on its own shard of each epoch and gradients are averaged; only rank 0\n"
    "writes RUN_DIR and prints. Agents run on every rank as replicas: experience is all-gathered into a\n"
    "sharded replay and their gradients averaged. --verify-replicas compares every rank's model and agents\n"
    "with rank 0's at the end, records summary.json's verify_replicas {identical, max_abs_difference,\n"
    "listeners_max_abs_difference} and fails (exit 1) on a mismatch. With HYPERA_CHECK_COLLECTIVES=1 in\n"
    "the environment every rank checks that all ranks make the same collective call in the same order, and\n"
    "a mismatch ends the job with one line naming both call sites instead of a hang.\n"
    "\n"
    "Hyperparameter agents: --agents.enabled=all (or a list of learning_rate, loss_function, batch_size,\n"
    "augmentation, regularization, optimization) lets SAC agents correct the configured hyperparameters\n"
    "while the run trains: bounded corrections on top of the fixed schedule (the learning-rate agent sets\n"
    "optim.lr_scale, a factor of 0.5-2 on the schedule's lr), so that --agents.policy=neutral is the fixed\n"
    "run bit for bit. Every change is a row of hparams.csv; actions, states, rewards and the SAC learners'\n"
    "losses are TensorBoard scalars in RUN_DIR/agents; the agents are saved there at the end; summary.json's\n"
    "\"agents\" section holds per agent its decisions, transitions, SAC updates, critic and actor loss,\n"
    "temperature and policy_change (how far the policy moved in this run), and the agents' share of the run\n"
    "time. A learning run whose agents cannot reach their first SAC update is refused before training.\n"
    "--agents-from RUN (or an agents folder) starts them from saved agents; with --agents.learn=false they\n"
    "are deployed frozen. --agents-state DIR (one rank) loads the agents with their replay from DIR when it\n"
    "holds them and saves them back there at the end: how hypera_dist meta-train carries agents from run to\n"
    "run. --agents.policy=random is a control with random actions. A non-finite loss, or Dice + CE above\n"
    "train.rollback_factor times their running mean, rolls the run back to the epoch start.\n"
    "--replay-schedule FILE (train.replay_schedule) replays a CSV (step,name,value) of hyperparameter values\n"
    "open loop, e.g. a population's winner_schedule.csv.\n"
    "\n"
    "Population mode: --population.size=P splits the N ranks into P members of N/P ranks; each member trains\n"
    "its own model data-parallel (seed train.seed + 100003 x member) into RUN_DIR/member_<k>/. Every\n"
    "population.interval validations (a generation, the last validation excepted) the members are ranked by\n"
    "population.fitness; the bottom population.quantile copy model, optimizer state and hyperparameters of a\n"
    "top member in memory over MPI, then explore: population.explore=perturb multiplies each of\n"
    "population.hyperparameters by 0.8 or 1.2 (or redraws it from its bounds with\n"
    "population.resample_probability), =agents leaves exploring to the learned agents, =none keeps values.\n"
    "With perturb, member 0 starts from the configured values and the others from one explore step of them.\n"
    "population.exploit=false never copies (with resample_probability=1: random search; with explore=none:\n"
    "the best of P seeds). With agents, every member's agents share one replay and one policy. RUN_DIR gets\n"
    "population.csv (every member's metric, fitness, copies and values per generation), lineage.png,\n"
    "population_metric.png, summary.json (the winner's: best validation) and winner_schedule.csv. --resume\n"
    "auto continues every member (also on another N with the same P).\n\n";

// Thrown on ranks other than 0 for a failure that rank 0 reports itself (the same for every rank), so that
// the job prints one line, not one per rank.
struct ReportedByRankZero {};

// Whether stdout is a terminal the progress line may rewrite in place. A launcher's ranks (mpirun, srun) write
// to a pseudo-terminal even when the launcher writes to a file (a Slurm job's output), so they print plain lines.
bool prints_to_a_terminal() {
  for (const char* launcher_variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "SLURM_STEP_ID"}) {
    if (std::getenv(launcher_variable)) return false;
  }
  return isatty(STDOUT_FILENO);
}

// Rank 0 opens the data set, preparing its HDF5 file first when missing, without its checksum (.crc32c) or of the
// previous format; the other ranks wait for it, then open the finished file. A failure on rank 0 ends every rank.
// Collective.
data::PreparedDataset open_on_every_rank(const core::DataOptions& options, comm::Collective& ranks) {
  std::optional<data::PreparedDataset> dataset;
  auto ready = torch::zeros({1}, torch::kInt32);
  if (ranks.rank() == 0) {
    try {
      dataset.emplace(core::open_prepared_data(options, std::cout));
      ready.fill_(1);
    } catch (...) {
      ranks.broadcast(ready, 0);
      throw;
    }
  }
  ranks.broadcast(ready, 0);
  if (ready.item<int>() == 0) throw ReportedByRankZero{};
  if (ranks.rank() != 0) {
    std::ostream silent(nullptr);
    dataset.emplace(core::open_prepared_data(options, silent));
  }
  return std::move(*dataset);
}

// World rank 0 after a finished run: RUN_DIR/overlays/ from the best checkpoint (run_overlays.h); in a population,
// the winner's (RUN_DIR/summary.json names it). Pictures are an extra: a failure is reported, not fatal, since
// the run itself is complete.
void write_overlays(const std::filesystem::path& run_folder, bool population) {
  try {
    std::filesystem::path model_run = run_folder;
    if (population) {
      const double winner = summary_value(read_summary(run_folder / "summary.json"), "population", "winner");
      if (!(winner >= 0)) throw InputError((run_folder / "summary.json").string() + ": names no population winner");
      model_run = run_folder / ("member_" + std::to_string(int64_t(winner)));
    }
    ConfigSections sections;  // the run's own, read from its config.ini (not the ones this command parsed)
    write_run_overlays(model_run, run_folder, sections.bound(), std::cout);
  } catch (const std::exception& error) {
    std::cerr << "hypera_dist: overlays not written: " << error.what() << "\n";
  }
}

int train(const SplitArguments& split) {
  support::install_stop_signals();  // first: a warning during start-up (data preparation) is kept, not fatal
  std::optional<std::filesystem::path> config_file;
  if (split.values.count("config")) config_file = split.values.at("config");
  const std::filesystem::path run_folder = required(split, "out");
  const std::string resume = value_or(split, "resume", "no");
  if (resume != "auto" && resume != "no") throw InputError("option --resume: '" + resume + "' is not auto or no");
  std::vector<std::string> overrides = split.rest;
  if (split.values.count("replay-schedule"))
    overrides.push_back("--train.replay_schedule=" + split.values.at("replay-schedule"));
  ConfigSections sections;
  auto loaded = core::load_run_config(config_file, overrides, sections.bound());
  std::optional<std::filesystem::path> agents_from;
  if (split.values.count("agents-from")) {
    const std::filesystem::path given = split.values.at("agents-from");
    if (std::filesystem::exists(given / "manifest.txt")) {
      agents_from = given;
    } else if (std::filesystem::exists(given / "agents" / "manifest.txt")) {
      agents_from = given / "agents";
    } else {
      throw InputError("option --agents-from: " + given.string() +
                       " holds no saved agents (manifest.txt or agents/manifest.txt)");
    }
  }
  const std::optional<std::filesystem::path> agents_state =
      split.values.count("agents-state") ? std::optional<std::filesystem::path>(split.values.at("agents-state"))
                                         : std::nullopt;

  dist::MpiSession session(nullptr, nullptr);
  const dist::WorldInfo world = dist::describe_world(session.world());
  torch::Device device = torch::kCPU;  // the trainer makes the same choice; made here before any data is read
  try {
    dist::check_launcher_size(world.size);
    device = core::choose_device(loaded.config.train.device, world.local_rank, int(torch::cuda::device_count())).device;
#ifndef HYPERA_HAVE_NCCL
    if (device.is_cuda() && world.size > 1) {
      throw InputError("option 'train.device': " + device.str() + " on " + std::to_string(world.size) +
                       " ranks needs a build with NCCL (the gradients are averaged on the GPUs)");
    }
#endif
  } catch (const InputError&) {
    if (world.rank != 0) throw ReportedByRankZero{};
    throw;
  }
  dist::MpiCollective mpi(session.world());
  std::optional<comm::CheckedCollective> checked;  // HYPERA_CHECK_COLLECTIVES=1: mismatched calls become errors
  if (comm::collective_checks_requested()) checked.emplace(mpi);
  comm::Collective& ranks = checked ? static_cast<comm::Collective&>(*checked) : mpi;
  std::optional<PopulationMode> population;
  try {
    population.emplace(sections.population, !sections.agents.enabled.empty(), ranks, run_folder,
                       loaded.config.train.seed);
    if (device.is_cuda() && population->active()) {
      throw InputError("option 'train.device': population mode computes on the CPU (use --train.device=cpu)");
    }
  } catch (const InputError&) {
    if (world.rank != 0) throw ReportedByRankZero{};
    throw;
  }
  if (resume == "no" && population->holds_checkpoints()) {
    throw InputError(run_folder.string() + ": already holds a run (use --resume auto or another --out)");
  }
  auto dataset = open_on_every_rank(loaded.config.data, ranks);

  core::TrainerOptions options;
  // A member's config differs in its seed; its config.ini says so (the agents keep the common seed: replicas).
  const core::LoadedConfig member = population->active()
                                        ? core::load_run_config(config_file, population->member_overrides(overrides),
                                                                sections.bound())
                                        : loaded;
  options.config = member.config;
  options.resolved_ini = member.resolved_ini;
  options.run_folder = population->member_folder();
  options.resume = resume == "auto";
  options.console = world.rank == 0 ? &std::cout : nullptr;
  options.console_is_terminal = prints_to_a_terminal();
  options.collective = &population->member_group();
  options.local_rank = world.local_rank;
#ifdef HYPERA_HAVE_NCCL
  std::optional<dist::NcclCollective> device_ranks;  // the gradients of a CUDA model are averaged over NCCL
  if (device.is_cuda()) options.gradient_collective = &device_ranks.emplace(mpi, device);
#endif
  options.resume_group = &ranks;
  options.test_wanted = population->test_decision();  // a population's winner alone sees the test split
  const char* stop_file = std::getenv("HYPERA_STOP_FILE");
  options.stop_requested = support::StopRequest(stop_file ? stop_file : "");
  options.verify_replicas = split.flags.count("verify-replicas") > 0;
  const bool with_agents = !sections.agents.enabled.empty();
  for (const char* option : {"agents-from", "agents-state"}) {
    if (!with_agents && split.values.count(option)) {
      throw InputError(std::string("option --") + option + ": needs agents (--agents.enabled=all or a list)");
    }
  }
  if (agents_state && (world.size > 1 || agents_from)) {
    throw InputError("option --agents-state: needs one rank and no --agents-from");
  }
  std::unique_ptr<agents::HyperparameterCoordinator> coordinator;
  std::unique_ptr<core::TensorBoardWriter> agent_events;
  if (with_agents) {
    coordinator = agents::make_coordinator({loaded.config, sections.agents, agents::available_memory_bytes()}, &ranks,
                                           &population->member_group());
    std::vector<std::string> agent_names;
    for (size_t i = 0; i < coordinator->agent_count(); ++i) agent_names.push_back(coordinator->agent(i).name());
    try {
      population->check_agents(agent_names);
    } catch (const InputError&) {
      if (world.rank != 0) throw ReportedByRankZero{};
      throw;
    }
    if (agents_from) {
      const auto loaded_names = coordinator->load(*agents_from);
      if (world.rank == 0)
        std::cout << "agents warm-started: " << loaded_names.size() << " of " << coordinator->agent_count() << "\n";
    }
    if (agents_state && std::filesystem::exists(*agents_state / "manifest.txt")) {
      const auto loaded_names = coordinator->load(*agents_state, true);
      std::cout << "agents state loaded from " << agents_state->string() << ": " << loaded_names.size() << " of "
                << coordinator->agent_count() << "\n";
    }
    if (world.rank == 0) {
      agent_events = std::make_unique<core::TensorBoardWriter>(run_folder / "agents");
      coordinator->set_event_writer(agent_events.get());
      coordinator->set_save_folder(run_folder / "agents");
      if (agents_state) coordinator->set_save_folder(*agents_state, true);
    }
  }
  std::unique_ptr<core::ScheduleReplay> replay;
  if (!loaded.config.train.replay_schedule.empty()) {
    replay = std::make_unique<core::ScheduleReplay>(core::read_replay_schedule(loaded.config.train.replay_schedule));
  }
  const std::string select_metric = options.config.train.select_metric;
  core::Trainer trainer(std::move(options), std::move(dataset));
  population->attach(trainer, std::cout);
  if (replay) trainer.add_listener(replay.get());
  if (coordinator) {
    trainer.add_listener(coordinator.get());
    trainer.add_participant(coordinator.get());
  }
  try {
    const core::RunSummary summary = trainer.run();
    population->finish(summary, select_metric, std::cout);
  } catch (const core::RunStopped&) {
    return support::kExitStoppedBySignal;  // every rank agreed on the step, so every rank returns here
  } catch (const std::exception& error) {
    if (world.size == 1) throw;
    // A rank that fails alone would leave the others waiting in a collective for ever, and MPI_Finalize
    // would wait for them: end the whole job now (the launcher stops every rank).
    std::cerr << "hypera_dist: failure on rank " << world.rank << ": " << error.what() << "\n" << std::flush;
    MPI_Abort(session.world(), dynamic_cast<const InputError*>(&error) ? 2 : 1);
  }
  if (world.rank == 0 && checked) {
    std::cout << "collective checks: " << checked->calls_checked() << " calls, the same on every rank\n";
  }
  if (world.rank == 0) write_overlays(run_folder, population->active());
  if (world.rank == 0) std::cout << "run written to " << run_folder.string() << "\n";
  return 0;
}

}  // namespace

int run_train(const Arguments& arguments) {
  const auto split =
      split_arguments(arguments, {"config", "out", "resume", "agents-from", "agents-state", "replay-schedule"},
                      {"help", "verify-replicas"});
  if (split.flags.count("help")) {
    ConfigSections defaults;
    std::cout << kUsage << core::run_config_help(defaults.bound());
    return 0;
  }
  try {
    return train(split);
  } catch (const ReportedByRankZero&) {
    return 2;
  }
}

}  // namespace hypera::app
