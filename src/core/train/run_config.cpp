#include "core/train/run_config.h"

#include <algorithm>
#include <sstream>

#include "core/train/device_option.h"
#include "core/train/text_fields.h"
#include "core/train/tunables.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::core {
namespace {

double option_number(const std::string& text, const std::string& option) {
  const auto value = support::parse_number(text);
  if (!value) throw InputError("option '" + option + "': '" + text + "' is not a number");
  return *value;
}

}  // namespace

std::vector<int64_t> RunConfig::patch_size() const {
  std::vector<int64_t> sizes;
  for (const auto& part : split_fields(train.patch)) {
    const double value = option_number(part, "train.patch");
    if (value < 8 || value != static_cast<int64_t>(value)) {
      throw InputError("option 'train.patch': '" + train.patch + "' needs integer sizes >= 8");
    }
    sizes.push_back(static_cast<int64_t>(value));
  }
  if (static_cast<int>(sizes.size()) != model.spatial_dims) {
    throw InputError("option 'train.patch': '" + train.patch + "' must have " + std::to_string(model.spatial_dims) +
                     " sizes for model.spatial_dims=" + std::to_string(model.spatial_dims));
  }
  return sizes;
}

std::vector<int64_t> RunConfig::prediction_window() const {
  if (!train.sliding_window) return {};
  std::vector<int64_t> window = patch_size();
  std::reverse(window.begin(), window.end());
  return window;
}

std::vector<double> RunConfig::class_weight_values() const {
  std::vector<double> weights;
  if (train.class_weights.empty()) return weights;
  for (const auto& part : split_fields(train.class_weights)) {
    const double value = option_number(part, "train.class_weights");
    if (value < 0) throw InputError("option 'train.class_weights': weights must be >= 0");
    weights.push_back(value);
  }
  return weights;
}

void bind_run_config(RunConfig& c, OptionTable& t, const std::vector<ConfigSection>& sections) {
  t.add_choice("data.source", &c.data.source, {"volume_pair", "bbbc039", "nnunet", "msd", "prepared"},
               "where the data comes from");
  t.add("data.root", &c.data.root,
        "bbbc039: folder holding images/, masks/ and training/validation/test.txt; nnunet, msd: the data set "
        "folder holding dataset.json (several image channels: nnU-Net's <case>_0000, _0001 files, MSD's 4D NIfTI)");
  t.add("data.fold", &c.data.fold,
        "nnunet, msd: cross-validation fold used as validation (splits_final.json when present, else nnU-Net v2's "
        "own 5 folds: scikit-learn's KFold, seed 12345; one fold per case below 5 cases)",
        {{0, 99}});
  t.add("data.image", &c.data.image, "volume_pair: image volume (NIfTI file or DICOM series folder)");
  t.add("data.mask", &c.data.mask, "volume_pair: mask volume on the same grid");
  t.add("data.mask_threshold", &c.data.mask_threshold, "volume_pair: foreground = mask > threshold");
  t.add_choice("data.target", &c.data.target, {"foreground", "three_class", "classes"},
               "segmentation target (classes: the label files' own classes, nnunet and msd only)");
  t.add("data.split_axis", &c.data.split_axis, "volume_pair: axis along which slabs are cut", {{0, 2}});
  t.add("data.slabs", &c.data.slabs, "volume_pair: number of slabs for the split", {{3, 100}});
  t.add("data.prepared", &c.data.prepared, "prepared HDF5 file (written from the source when missing)");
  t.add("data.slice_axis", &c.data.slice_axis, "2D training on volumes: slice axis", {{0, 2}});
  t.add("data.dicom_series", &c.data.dicom_series, "volume_pair: SeriesInstanceUID to read from DICOM folders");

  t.add("model.spatial_dims", &c.model.spatial_dims, "2 or 3", {{2, 3}});
  t.add("model.depth", &c.model.depth, "U-Net levels", {{1, 7}});
  t.add("model.base_channels", &c.model.base_channels, "channels of the first level", {{1, 512}});
  t.add_choice("model.norm", &c.model.norm, {"batch", "instance", "group"}, "normalization layer");
  t.add("model.groups", &c.model.groups, "groups of group normalization", {{1, 512}});

  t.add("train.epochs", &c.train.epochs, "number of epochs", {{1, 1000000}});
  t.add("train.steps_per_epoch", &c.train.steps_per_epoch, "batches per epoch at the configured batch size; an epoch keeps that many samples when an agent changes the batch size (0: one pass over the data)", {{0, 1e9}});
  t.add("train.accumulate", &c.train.accumulate, "micro-batches of train.batch_size accumulated per optimizer step (the gradients of all but the last stay local); an epoch keeps its samples, so it has fewer steps", {{1, 1e6}});
  t.add("train.patch", &c.train.patch, "training crop size x,y[,z]");
  t.add_choice("train.optimizer", &c.train.optimizer, {"sgd", "adam", "adamw"}, "optimizer");
  t.add("train.nesterov", &c.train.nesterov, "Nesterov momentum for SGD");
  t.add_choice("train.schedule", &c.train.schedule, {"constant", "cosine", "poly", "onecycle", "plateau"},
               "fixed learning-rate schedule");
  t.add("train.poly_exponent", &c.train.poly_exponent, "exponent of the poly schedule", {{0.1, 10}});
  t.add("train.plateau_factor", &c.train.plateau_factor, "reduce-on-plateau factor", {{0.01, 0.99}});
  t.add("train.plateau_patience", &c.train.plateau_patience, "validations without improvement", {{1, 1000}});
  t.add("train.validate_every", &c.train.validate_every, "validate every N epochs", {{1, 1000000}});
  t.add_choice("train.select_metric", &c.train.select_metric, {"dice", "object_f1", "mean_dice"},
               "validation metric that selects the best checkpoint (mean_dice: target classes)");
  t.add("train.class_weights", &c.train.class_weights, "cross-entropy class weights, comma-separated");
  t.add_choice("train.precision", &c.train.precision, {"auto", "fp32", "bf16"},
               "compute precision: bf16 autocast or fp32; auto = bf16 where the CPU has avx512_bf16 or amx_bf16");
  t.add("train.device", &c.train.device,
        "where training and prediction compute: auto (this rank's CUDA device where LibTorch sees one, else the "
        "CPU), cpu, cuda or cuda:K");
  t.add("train.channels_last", &c.train.channels_last, "channels-last memory format (2D)");
  t.add("train.threads", &c.train.threads, "LibTorch intra-op threads", {{1, 256}});
  t.add("train.workers", &c.train.workers, "data loader threads", {{1, 64}});
  t.add("train.seed", &c.train.seed, "seed of data order, augmentation and initialization");
  t.add("train.evaluate_test", &c.train.evaluate_test, "evaluate the best checkpoint on the test split");
  t.add("train.time_limit", &c.train.time_limit,
        "minutes of training (summed over resumes) after which the run ends: the current step finishes, the epoch "
        "is validated and checkpointed, the test split evaluated (0: no limit)", {{0, 1e7}});
  t.add_choice("train.schedule_over", &c.train.schedule_over, {"epochs", "time"},
               "progress of the lr schedule: epochs, or the share of train.time_limit spent (time)");
  t.add("train.sliding_window", &c.train.sliding_window,
        "predict (validation, test, infer) by overlapping windows of train.patch with Gaussian blending");
  t.add("train.window_overlap", &c.train.window_overlap, "overlap of neighbouring prediction windows",
        {{0, 0.9}});
  t.add_choice("train.overlap_validation", &c.train.overlap_validation, {"auto", "on", "off"},
               "validate on a thread of its own while the next epoch trains (auto: when no agent, population or "
               "plateau schedule needs the result first and a core beyond train.threads is free)");
  t.add("train.max_validation_samples", &c.train.max_validation_samples, "limit validation samples (0: all)",
        {{0, 1e9}});
  t.add("train.replay_schedule", &c.train.replay_schedule,
        "CSV (step,name,value) of hyperparameter values to set from each step on (an open-loop replay)");
  t.add("train.rollback_factor", &c.train.rollback_factor,
        "with agents: roll back when Dice + CE exceed this multiple of their running mean (0: never)", {{0, 1e6}});

  bind_cleanup_options(c.cleanup, t);

  for (const auto& bind_section : sections) bind_section(t);

  for (const auto& definition : tunable_definitions()) {
    const auto& spec = definition.spec;
    if (!c.tunables.count(spec.name)) c.tunables[spec.name] = spec.initial;
    t.add(definition.config_key, &c.tunables[spec.name], spec.description + " (tunable)", {{spec.lower, spec.upper}});
  }
}

void bind_cleanup_options(CleanupOptions& cleanup, OptionTable& t) {
  const std::string when = " (auto: chosen on the validation split at the end of training; on: also in every "
                           "validation; data sets without instances only)";
  t.add_choice("cleanup.largest_component", &cleanup.largest_component, {"auto", "on", "off"},
               "keep only the largest connected component of predicted masks" + when);
  t.add_choice("cleanup.fill_holes", &cleanup.fill_holes, {"auto", "on", "off"},
               "fill the enclosed holes of predicted masks" + when);
}

LoadedConfig load_run_config(const std::optional<std::filesystem::path>& ini_file,
                             const std::vector<std::string>& overrides,
                             const std::vector<ConfigSection>& sections) {
  LoadedConfig loaded;
  OptionTable table("Training options (INI [section] key = value, or --section.key=value)");
  bind_run_config(loaded.config, table, sections);
  table.parse(overrides, ini_file);
  loaded.config.patch_size();
  check_device_option(loaded.config.train.device);
  loaded.resolved_ini = table.to_ini();
  return loaded;
}

std::string run_config_help(const std::vector<ConfigSection>& sections) {
  RunConfig defaults;
  OptionTable table("Training options (INI [section] key = value, or --section.key=value)");
  bind_run_config(defaults, table, sections);
  std::ostringstream out;
  out << table.description();
  return out.str();
}

}  // namespace hypera::core
