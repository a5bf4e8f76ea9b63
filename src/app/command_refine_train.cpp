// hypera_dist refine-train: trains a run's segmentation agents on its validation split.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <numeric>
#include <optional>
#include <random>
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
    "                                [--base-thresholds T1,T2,...|none] [--hold-out F [--check-every K]]\n"
    "                                [--train.device auto|cpu|cuda|cuda:K]\n"
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
    "--hold-out F: the number of passes is chosen on validation images the agents never learn from: a share F\n"
    "  (0 < F < 1; at least one image each side; drawn with --seed) is held out, the base threshold and the\n"
    "  agents learn from the rest, and after every K passes (--check-every, default 4) and after the last the\n"
    "  agents are scored on the held-out images (mean Dice + object F1); the agents of the best check are saved,\n"
    "  so N becomes the most passes. Each check is printed, with the base setting's own score on those images.\n"
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

// --hold-out: a share strictly between 0 and 1.
double parse_share(const SplitArguments& split, const std::string& name) {
  const std::string& text = split.values.at(name);
  const std::optional<double> value = support::parse_number(text);
  if (!value || !(*value > 0 && *value < 1)) {
    throw InputError("--" + name + ": '" + text + "' is not a share between 0 and 1 (exclusive)");
  }
  return *value;
}

// How many of n validation images --hold-out keeps out: round(share * n), at least one. InputError when none
// would be left to learn from.
size_t held_out_count(size_t n, double share) {
  const size_t count = std::max<size_t>(1, static_cast<size_t>(std::lround(share * static_cast<double>(n))));
  if (count >= n) {
    throw InputError("--hold-out: holding out " + std::to_string(count) + " of the " + std::to_string(n) +
                     " validation images leaves none to learn from");
  }
  return count;
}

// Moves `count` of `examples` (< their number; drawn with `seed`) into the returned held-out list, keeping the
// order of both.
std::vector<agents::RefinementExample> hold_out(std::vector<agents::RefinementExample>& examples, size_t count,
                                                uint64_t seed) {
  const size_t n = examples.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
  std::vector<bool> held(n, false);
  for (size_t i = 0; i < count; ++i) held[order[i]] = true;
  std::vector<agents::RefinementExample> kept, out;
  for (size_t i = 0; i < n; ++i) (held[i] ? out : kept).push_back(std::move(examples[i]));
  examples = std::move(kept);
  return out;
}

// A mean Dice + object F1 as printed: four decimals.
std::string score_text(double score) { return support::format_number(std::round(score * 1e4) / 1e4); }

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
      split_arguments(arguments, {"run", "epochs", "seed", "checkpoint", "base-thresholds", "hold-out", "check-every",
                                  "train.device"},
                      {"help"});
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
  const std::optional<double> held_out_share =
      split.values.count("hold-out") ? std::optional<double>(parse_share(split, "hold-out")) : std::nullopt;
  if (split.values.count("check-every") && !held_out_share) throw InputError("--check-every: needs --hold-out");
  options.check_every = parse_count(split, "check-every", options.check_every, 1);

  ConfigSections sections;
  core::RunModel loaded = core::load_run_model(run, tag, sections.bound(), value_or(split, "train.device", ""));
  options.threads = loaded.config.train.threads;
  const data::PreparedDataset dataset = core::open_prepared_data(loaded.config.data, std::cerr);
  const auto& names = dataset.split("validation");
  if (names.empty()) throw InputError(dataset.path().string() + ": the validation split is empty");
  const size_t held_out_size = held_out_share ? held_out_count(names.size(), *held_out_share) : 0;
  std::vector<agents::RefinementExample> examples;
  for (size_t i = 0; i < names.size(); ++i) {
    const data::Sample sample = dataset.load(names[i]);
    examples.push_back(
        example_of(sample, core::predict_probabilities(loaded.model, sample.channels, loaded.prediction)));
    std::cerr << "\rrefine-train: predicted " << (i + 1) << "/" << names.size() << " validation images" << std::flush;
  }
  std::cerr << "\n";
  if (held_out_share) {
    options.held_out = hold_out(examples, held_out_size, options.seed);
    std::cerr << "refine-train: " << options.held_out.size() << " of the " << names.size()
              << " validation images held out to choose the passes; the base threshold and the agents learn from "
              << examples.size() << "\n";
  }
  if (!thresholds.empty()) {
    const agents::ThresholdChoice choice = agents::choose_base_threshold(examples, options.base, thresholds);
    options.base = choice.base;
    std::cerr << "refine-train: base threshold " << support::format_number(choice.base.threshold)
              << " chosen on the validation images (mean Dice + object F1 per candidate:";
    for (size_t i = 0; i < thresholds.size(); ++i) {
      std::cerr << (i ? ", " : " ") << support::format_number(thresholds[i]) << " -> "
                << score_text(choice.mean_scores[i]);
    }
    std::cerr << ")\n";
  }
  if (held_out_share) {
    const auto base = [&options](size_t) { return options.base; };
    std::cerr << "refine-train: the base setting alone scores "
              << score_text(agents::mean_selection_score(options.held_out, base))
              << " on the held-out images (mean Dice + object F1)\n";
  }
  std::cerr << "refine-train: training the segmentation agents for " << options.epochs << " epochs on "
            << examples.size() << " images\n";
  const fs::path folder = segmentation_agents_folder(run);
  agents::HeldOutCheck kept;
  {
    core::CountProgress passes(std::cerr, core::rewritable_terminal(STDERR_FILENO), "refine-train: pass",
                               options.epochs, core::ItemLength::kShort);
    options.on_epoch = [&passes](const agents::EpochSummary&) { passes.finish(); };
    options.on_check = [&passes, &kept](const agents::HeldOutCheck& check) {
      if (check.best) kept = check;
      passes.line("refine-train: held-out check after pass " + std::to_string(check.epochs) +
                  ": mean Dice + object F1 " + score_text(check.mean_score) + (check.best ? " (best so far)" : ""));
    };
    agents::train_segmentation_agents(examples, options, folder);
  }
  if (held_out_share) {
    std::cerr << "refine-train: kept the agents of pass " << kept.epochs << " of " << options.epochs
              << " (held-out mean Dice + object F1 " << score_text(kept.mean_score) << ")\n";
  }
  std::cerr << "refine-train: agents saved to " << folder.string() << "\n";
  return 0;
}

}  // namespace hypera::app
