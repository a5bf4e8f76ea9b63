// hypera_dist refine-train: trains a run's segmentation agents on its validation split.
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <optional>
#include <sstream>

#include "agents/segmentation/base_setting_choice.h"
#include "agents/segmentation/segmentation_refiner.h"
#include "app/argument_list.h"
#include "app/commands.h"
#include "app/config_sections.h"
#include "app/run_refiner.h"
#include "core/logging/count_progress.h"
#include "core/postprocess/postprocess_params.h"
#include "core/train/data_source.h"
#include "core/train/run_model.h"
#include "data/io/components.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

const char* const kUsage =
    "usage: hypera_dist refine-train --run RUN_DIR [--epochs N] [--seed S] [--checkpoint best|last]\n"
    "                                [--base-thresholds T1,T2,...|none] [--train.device auto|cpu|cuda|cuda:K]\n"
    "\n"
    "Trains the segmentation agents of a trained run: the run's network (best checkpoint) predicts class\n"
    "probabilities for every image of the validation split of the run's prepared data set; the agents then\n"
    "learn, over N passes (default 100) of those images, to choose each image's post-processing, rewarded\n"
    "against the ground truth (which never enters their state). They are saved into\n"
    "RUN_DIR/segmentation_agents, used by `infer --refine` and `refine`.\n"
    "--base-thresholds: before the agents learn, the foreground threshold their actions are offsets around\n"
    "  is chosen on the same images from these candidates (default 0.5,0.6,0.7,0.8,0.9; each in [0.05, 0.95]):\n"
    "  the highest mean foreground Dice + object F1, printed with every candidate's score. `none` keeps the\n"
    "  fixed base setting (threshold 0.6).\n"
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

const char* const kDefaultBaseThresholds = "0.5,0.6,0.7,0.8,0.9";

// --base-thresholds: a comma-separated list of numbers, or "none" (an empty list).
std::vector<double> parse_thresholds(const std::string& text) {
  std::vector<double> values;
  if (text == "none") return values;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    const std::optional<double> value = support::parse_number(item);
    if (!value) throw InputError("--base-thresholds: '" + item + "' is not a number (list: T1,T2,... or none)");
    core::PostprocessParams probe;
    try {
      core::set_parameter(probe, "threshold", *value);
    } catch (const InputError& error) {
      throw InputError(std::string("--base-thresholds: ") + error.what());
    }
    values.push_back(*value);
  }
  if (values.empty()) throw InputError("--base-thresholds: empty (list: T1,T2,... or none)");
  return values;
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
  const auto split =
      split_arguments(arguments, {"run", "epochs", "seed", "checkpoint", "base-thresholds", "train.device"}, {"help"});
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
  const std::vector<double> thresholds = parse_thresholds(value_or(split, "base-thresholds", kDefaultBaseThresholds));

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
  std::cerr << "\n";
  if (!thresholds.empty()) {
    const agents::ThresholdChoice choice = agents::choose_base_threshold(examples, options.base, thresholds);
    options.base = choice.base;
    std::cerr << "refine-train: base threshold " << support::format_number(choice.base.threshold)
              << " chosen on the validation images (mean Dice + object F1 per candidate:";
    for (size_t i = 0; i < thresholds.size(); ++i) {
      std::cerr << (i ? ", " : " ") << support::format_number(thresholds[i]) << " -> "
                << support::format_number(std::round(choice.mean_scores[i] * 1e4) / 1e4);
    }
    std::cerr << ")\n";
  }
  std::cerr << "refine-train: training the segmentation agents for " << options.epochs << " epochs on "
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
