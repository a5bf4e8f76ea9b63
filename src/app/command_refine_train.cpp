// hypera_dist refine-train: trains a run's segmentation agents on its validation split.
#include <unistd.h>

#include <iostream>

#include "agents/segmentation/segmentation_refiner.h"
#include "app/argument_list.h"
#include "app/commands.h"
#include "app/config_sections.h"
#include "app/run_refiner.h"
#include "core/logging/count_progress.h"
#include "core/train/data_source.h"
#include "core/train/run_model.h"
#include "data/io/components.h"
#include "support/input_error.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

const char* const kUsage =
    "usage: hypera_dist refine-train --run RUN_DIR [--epochs N] [--seed S] [--checkpoint best|last]\n"
    "                                [--train.device auto|cpu|cuda|cuda:K]\n"
    "\n"
    "Trains the segmentation agents of a trained run: the run's network (best checkpoint) predicts class\n"
    "probabilities for every image of the validation split of the run's prepared data set; the agents then\n"
    "learn, over N passes (default 100) of those images, to choose each image's post-processing, rewarded\n"
    "against the ground truth (which never enters their state). They are saved into\n"
    "RUN_DIR/segmentation_agents, used by `infer --refine` and `refine`.\n"
    "\n"
    "Progress goes to stderr: the predicted images, then the passes with the elapsed time and an ETA,\n"
    "  refine-train: pass 37/100 done  elapsed 3m41s  ETA 6m16s\n"
    "redrawn in place on a terminal; in a log file, a line after the first pass, then at most one every\n"
    "30 s, and one after the last.\n"
    "--train.device: where the network predicts, as in `infer --help`; default: the run's own train.device.\n";

int64_t parse_count(const SplitArguments& split, const std::string& name, int64_t fallback, int64_t lowest) {
  if (!split.values.count(name)) return fallback;
  const std::string& text = split.values.at(name);
  size_t used = 0;
  int64_t value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || value < lowest) {
    throw InputError("--" + name + ": '" + text + "' is not a whole number >= " + std::to_string(lowest));
  }
  return value;
}

// The ground truth of a validation sample: its objects (or the components of its labels when the data
// set stores none) and the foreground mask (1 where an object is).
agents::RefinementExample example_of(const data::Sample& sample, std::vector<data::ImageVolume> probabilities) {
  agents::RefinementExample example;
  example.name = sample.name;
  example.probabilities = std::move(probabilities);
  example.image = sample.channels.front();  // the agents' intensity features read the first channel
  example.truth_mask = data::LabelVolume(sample.label.geometry);
  for (size_t i = 0; i < sample.label.voxels.size(); ++i) example.truth_mask.voxels[i] = sample.label.voxels[i] > 0;
  example.truth_instances = sample.instances.voxels.empty()
                                ? data::label_components(example.truth_mask, data::Connectivity::Full)
                                : sample.instances;
  return example;
}

}  // namespace

int run_refine_train(const Arguments& arguments) {
  const auto split = split_arguments(arguments, {"run", "epochs", "seed", "checkpoint", "train.device"}, {"help"});
  if (split.flags.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!split.rest.empty()) throw InputError("refine-train: unexpected argument '" + split.rest.front() + "'");
  const fs::path run = required(split, "run");
  agents::RefinerTrainingOptions options;
  options.epochs = parse_count(split, "epochs", options.epochs, 1);
  options.seed = uint64_t(parse_count(split, "seed", int64_t(options.seed), 0));
  const std::string tag = value_or(split, "checkpoint", "best");

  ConfigSections sections;
  core::RunModel loaded = core::load_run_model(run, tag, sections.bound(), value_or(split, "train.device", ""));
  options.threads = loaded.config.train.threads;
  const data::PreparedDataset dataset = core::open_prepared_data(loaded.config.data, std::cerr);
  const auto& names = dataset.split("validation");
  if (names.empty()) throw InputError(dataset.path().string() + ": the validation split is empty");
  std::vector<agents::RefinementExample> examples;
  for (size_t i = 0; i < names.size(); ++i) {
    const data::Sample sample = dataset.load(names[i]);
    examples.push_back(
        example_of(sample, core::predict_probabilities(loaded.model, sample.channels, loaded.prediction)));
    std::cerr << "\rrefine-train: predicted " << (i + 1) << "/" << names.size() << " validation images" << std::flush;
  }
  std::cerr << "\nrefine-train: training the segmentation agents for " << options.epochs << " epochs on "
            << examples.size() << " images\n";
  const fs::path folder = segmentation_agents_folder(run);
  {
    core::CountProgress passes(std::cerr, core::rewritable_terminal(STDERR_FILENO), "refine-train: pass",
                               options.epochs, core::ItemLength::kShort);
    options.on_epoch = [&passes](const agents::EpochSummary&) { passes.finish(); };
    agents::train_segmentation_agents(examples, options, folder);
  }
  std::cerr << "refine-train: agents saved to " << folder.string() << "\n";
  return 0;
}

}  // namespace hypera::app
