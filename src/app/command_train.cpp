// hypera_dist train: one training run into a run folder.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "app/argument_list.h"
#include "app/commands.h"
#include "core/train/data_source.h"
#include "core/train/run_config.h"
#include "core/train/trainer.h"
#include "data/io/input_error.h"

namespace hypera::app {
namespace {

const char* const kUsage =
    "usage: hypera_dist train --config FILE --out RUN_DIR [--resume auto|no] [--section.key=value ...]\n"
    "\n"
    "Trains a U-Net as the config says and writes RUN_DIR/{config.ini, metrics.csv, hparams.csv,\n"
    "summary.json, events.out.tfevents.*, loss_curve.png, validation_curve.png, checkpoints/}.\n"
    "Every config key can be given on the command line: [train] epochs=3 is --train.epochs=3.\n"
    "--resume auto continues from RUN_DIR/checkpoints/last when it exists (exactly: same data order,\n"
    "augmentation and dropout as an uninterrupted run); without it an existing RUN_DIR with checkpoints\n"
    "is refused so that no finished run is overwritten.\n\n";

}  // namespace

int run_train(const Arguments& arguments) {
  const auto split = split_arguments(arguments, {"config", "out", "resume"}, {"help"});
  if (split.flags.count("help")) {
    std::cout << kUsage << core::run_config_help();
    return 0;
  }
  std::optional<std::filesystem::path> config_file;
  if (split.values.count("config")) config_file = split.values.at("config");
  const std::filesystem::path run_folder = required(split, "out");
  const std::string resume = split.values.count("resume") ? split.values.at("resume") : "no";
  if (resume != "auto" && resume != "no") throw InputError("option --resume: '" + resume + "' is not auto or no");
  if (resume == "no" && std::filesystem::exists(run_folder / "checkpoints")) {
    throw InputError(run_folder.string() + ": already holds a run (use --resume auto or another --out)");
  }

  auto loaded = core::load_run_config(config_file, split.rest);
  auto dataset = core::open_prepared_data(loaded.config.data, std::cout);
  core::TrainerOptions options;
  options.config = loaded.config;
  options.resolved_ini = loaded.resolved_ini;
  options.run_folder = run_folder;
  options.resume = resume == "auto";
  options.console = &std::cout;
  options.console_is_terminal = isatty(STDOUT_FILENO);
  core::Trainer trainer(std::move(options), std::move(dataset));
  trainer.run();
  std::cout << "run written to " << run_folder.string() << "\n";
  return 0;
}

}  // namespace hypera::app
