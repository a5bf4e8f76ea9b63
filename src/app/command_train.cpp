// hypera_dist train: one training run into a run folder, on one rank or data-parallel under mpirun.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "app/argument_list.h"
#include "agents/hyperparameter/agent_factory.h"
#include "app/commands.h"
#include "core/train/data_source.h"
#include "core/train/run_config.h"
#include "core/train/trainer.h"
#include "data/io/input_error.h"
#include "dist/mpi_communicator.h"
#include "dist/mpi_data_parallel.h"
#include "dist/mpi_session.h"
#include "dist/world.h"

namespace hypera::app {
namespace {

const char* const kUsage =
    "usage: hypera_dist train --config FILE --out RUN_DIR [--resume auto|no] [--verify-replicas]\n"
    "                         [--agents-from RUN]\n"
    "                         [--section.key=value ...]\n"
    "       mpirun -n N hypera_dist train ...   (data parallel: N ranks, train.batch_size samples per rank)\n"
    "\n"
    "Trains a U-Net as the config says and writes RUN_DIR/{config.ini, metrics.csv, hparams.csv,\n"
    "summary.json, events.out.tfevents.*, loss_curve.png, validation_curve.png, checkpoints/}.\n"
    "Every config key can be given on the command line: [train] epochs=3 is --train.epochs=3.\n"
    "--resume auto continues from RUN_DIR/checkpoints/last when it exists (exactly: same data order,\n"
    "augmentation and dropout as an uninterrupted run); without it an existing RUN_DIR with checkpoints\n"
    "is refused so that no finished run is overwritten. With agents, their networks, generators and replay\n"
    "continue from the checkpoint (agents.h5, also on another number of ranks); their running training\n"
    "signals and open decisions start again.\n"
    "Under mpirun every rank trains on its own shard of each epoch and gradients are averaged; only rank 0\n"
    "writes RUN_DIR and prints. Agents run on every rank as replicas: experience is all-gathered into a\n"
    "sharded replay and their gradients averaged. --verify-replicas compares every rank's model and agents\n"
    "with rank 0's at the end, records summary.json's verify_replicas {identical, max_abs_difference,\n"
    "listeners_max_abs_difference} and fails (exit 1) on a mismatch.\n"
    "\n"
    "Hyperparameter agents: --agents.enabled=all (or a list of learning_rate, loss_function, batch_size,\n"
    "augmentation, regularization, optimization) lets SAC agents change those hyperparameters while the run\n"
    "trains; every change is a row of hparams.csv, the agents' actions, states and rewards are TensorBoard\n"
    "scalars in RUN_DIR/agents, the trained agents are saved there (at the end), and summary.json's\n"
    "\"agents\" section holds their share of the run time. --agents-from RUN starts them from the agents a\n"
    "previous run saved (warm start). A non-finite loss, or Dice + CE above train.rollback_factor times\n"
    "their running mean, rolls the run back to the epoch start.\n\n";

// Thrown on ranks other than 0 for a failure that rank 0 reports itself (the same for every rank), so that
// the job prints one line, not one per rank.
struct ReportedByRankZero {};

// Rank 0 opens the data set, preparing its HDF5 file first when missing; the other ranks wait for it, then
// open the finished file. A failure on rank 0 ends every rank. Collective.
data::PreparedDataset open_on_every_rank(const core::DataOptions& options, dist::Communicator& communicator) {
  std::optional<data::PreparedDataset> dataset;
  auto ready = torch::zeros({1}, torch::kInt32);
  if (communicator.rank() == 0) {
    try {
      dataset.emplace(core::open_prepared_data(options, std::cout));
      ready.fill_(1);
    } catch (...) {
      communicator.broadcast(ready, 0);
      throw;
    }
  }
  communicator.broadcast(ready, 0);
  if (ready.item<int>() == 0) throw ReportedByRankZero{};
  if (communicator.rank() != 0) {
    std::ostream silent(nullptr);
    dataset.emplace(core::open_prepared_data(options, silent));
  }
  return std::move(*dataset);
}

int train(const SplitArguments& split) {
  std::optional<std::filesystem::path> config_file;
  if (split.values.count("config")) config_file = split.values.at("config");
  const std::filesystem::path run_folder = required(split, "out");
  const std::string resume = split.values.count("resume") ? split.values.at("resume") : "no";
  if (resume != "auto" && resume != "no") throw InputError("option --resume: '" + resume + "' is not auto or no");
  if (resume == "no" && std::filesystem::exists(run_folder / "checkpoints")) {
    throw InputError(run_folder.string() + ": already holds a run (use --resume auto or another --out)");
  }
  auto loaded = core::load_run_config(config_file, split.rest);
  if (split.values.count("agents-from") &&
      !std::filesystem::exists(std::filesystem::path(split.values.at("agents-from")) / "agents" / "manifest.txt")) {
    throw InputError("option --agents-from: " + split.values.at("agents-from") + " holds no saved agents (agents/manifest.txt)");
  }

  dist::MpiSession session(nullptr, nullptr);
  const dist::WorldInfo world = dist::describe_world(session.world());
  try {
    dist::check_launcher_size(world.size);
  } catch (const InputError&) {
    if (world.rank != 0) throw ReportedByRankZero{};
    throw;
  }
  dist::MpiCommunicator communicator(session.world());
  dist::MpiDataParallel parallel(communicator);
  auto dataset = open_on_every_rank(loaded.config.data, communicator);

  core::TrainerOptions options;
  options.config = loaded.config;
  options.resolved_ini = loaded.resolved_ini;
  options.run_folder = run_folder;
  options.resume = resume == "auto";
  options.console = &std::cout;
  options.console_is_terminal = isatty(STDOUT_FILENO);
  options.parallel = &parallel;
  options.verify_replicas = split.flags.count("verify-replicas") > 0;
  const bool with_agents = !loaded.config.agents.enabled.empty();
  if (!with_agents && split.values.count("agents-from")) {
    throw InputError("option --agents-from: needs agents (--agents.enabled=all or a list)");
  }
  std::unique_ptr<agents::HyperparameterCoordinator> coordinator;
  std::unique_ptr<core::TensorBoardWriter> agent_events;
  if (with_agents) {
    coordinator = agents::make_coordinator({loaded.config, agents::available_memory_bytes()}, &parallel);
    if (split.values.count("agents-from")) {
      const auto loaded_names = coordinator->load(std::filesystem::path(split.values.at("agents-from")) / "agents");
      if (world.rank == 0) std::cout << "agents warm-started: " << loaded_names.size() << " of " << coordinator->agent_count() << "\n";
    }
    if (world.rank == 0) {
      agent_events = std::make_unique<core::TensorBoardWriter>(run_folder / "agents");
      coordinator->set_event_writer(agent_events.get());
      coordinator->set_save_folder(run_folder / "agents");
    }
  }
  core::Trainer trainer(std::move(options), std::move(dataset));
  if (coordinator) trainer.add_listener(coordinator.get());
  try {
    trainer.run();
  } catch (const std::exception& error) {
    if (world.size == 1) throw;
    // A rank that fails alone would leave the others waiting in a collective for ever, and MPI_Finalize
    // would wait for them: end the whole job now (the launcher stops every rank).
    std::cerr << "hypera_dist: failure on rank " << world.rank << ": " << error.what() << "\n" << std::flush;
    MPI_Abort(session.world(), dynamic_cast<const InputError*>(&error) ? 2 : 1);
  }
  if (world.rank == 0) std::cout << "run written to " << run_folder.string() << "\n";
  return 0;
}

}  // namespace

int run_train(const Arguments& arguments) {
  const auto split = split_arguments(arguments, {"config", "out", "resume", "agents-from"}, {"help", "verify-replicas"});
  if (split.flags.count("help")) {
    std::cout << kUsage << core::run_config_help();
    return 0;
  }
  try {
    return train(split);
  } catch (const ReportedByRankZero&) {
    return 2;
  }
}

}  // namespace hypera::app
