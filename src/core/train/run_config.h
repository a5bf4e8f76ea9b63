#pragma once
// Everything a training run is configured with, and how it maps onto INI sections and command-line
// options (`[train] epochs` == `--train.epochs`). Defaults here are the documented defaults of --help.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/train/option_table.h"

namespace hypera::core {

struct DataOptions {
  std::string source = "volume_pair";  // volume_pair | bbbc039 | nnunet | msd | prepared
  std::string root;                    // bbbc039: folder with images/, masks/ and the split files; nnunet, msd:
                                       // the data set folder holding dataset.json
  int fold = 0;                        // nnunet, msd: the cross-validation fold that is the validation split
  std::string image = "/usr/share/mricron/templates/ch2.nii.gz";    // volume_pair: image file or DICOM folder
  std::string mask = "/usr/share/mricron/templates/ch2bet.nii.gz";  // volume_pair: mask, foreground = value > threshold
  double mask_threshold = 0.0;
  std::string target = "foreground";           // foreground | three_class | classes (nnunet, msd)
  int split_axis = 2;                          // volume_pair: slabs are cut along this axis (0 x, 1 y, 2 z)
  int slabs = 5;                               // volume_pair: number of slabs (train, val, train, test, train, ...)
  std::string prepared = "data/ch2_brain.h5";  // prepared HDF5 file; created from the source when missing
  int slice_axis = 2;                          // 2D training on 3D samples: slices along this axis
  std::string dicom_series;  // volume_pair: SeriesInstanceUID read from a DICOM folder of several series ("": one)
};

struct ModelOptions {
  int spatial_dims = 2;
  int depth = 4;
  int base_channels = 16;
  std::string norm = "instance";  // batch | instance | group
  int groups = 8;
};

struct TrainOptions {
  int epochs = 10;
  int64_t steps_per_epoch = 0;    // 0: one pass over the training items per epoch; else this many batches of
                                  // the configured batch size (the sample count stays when agents change it)
  int accumulate = 1;             // micro-batches of train.batch_size per optimizer step (gradient accumulation;
                                  // only the last one communicates); an epoch keeps its sample count
  std::string patch = "128,128";  // x,y[,z] patch size of training crops
  std::string optimizer = "sgd";  // sgd | adam | adamw
  bool nesterov = true;
  std::string schedule = "poly";  // constant | cosine | poly | onecycle | plateau
  double poly_exponent = 0.9;
  double plateau_factor = 0.5;
  int plateau_patience = 3;
  int validate_every = 1;
  std::string select_metric = "dice";  // dice | object_f1 | mean_dice (target classes): picks the best checkpoint
  std::string class_weights;           // comma-separated CE class weights, empty = uniform
  std::string precision = "auto";      // auto | fp32 | bf16 autocast (precision_choice.h: auto = bf16 where the
                                       // CPU computes it in hardware)
  std::string device = "auto";         // auto | cpu | cuda | cuda:K (device_choice.h)
  bool channels_last = false;
  int threads = 1;  // LibTorch intra-op threads
  int workers = 1;  // data loader threads
  uint64_t seed = 0;
  bool evaluate_test = true;       // evaluate the best checkpoint on the test split at the end
  // Minutes of training (training and validation, summed over resumes) after which the run ends as if its last
  // epoch had come: the step in progress finishes, that (partial) epoch is validated and checkpointed, and the
  // test split evaluated. 0: no limit.
  double time_limit = 0;
  // What poly, cosine and onecycle count progress in: "epochs" (epoch and batch of train.epochs) or "time" (the
  // share of train.time_limit spent, agreed by the ranks at every step; needs a time limit, and makes the
  // learning rates depend on the machine's speed).
  std::string schedule_over = "epochs";
  int max_validation_samples = 0;  // 0: all
  // Validation, test and infer predict by overlapping windows of the training patch, blended with Gaussian
  // weights (core/seg/sliding_window.h), as nnU-Net does; off: each slice or volume whole.
  bool sliding_window = false;
  double window_overlap = 0.5;  // share of a window that the next one overlaps
  // Validations while the next epoch trains, on a thread of their own (background_validation.h): "on"; "off"
  // (in line); "auto" (default): on when nothing needs a validation before the next epoch (no agents, no
  // population, no plateau schedule) and this process has a core beyond train.threads
  // (support::cores_for_this_process). The last epoch's validation and the test run in line.
  std::string overlap_validation = "auto";
  // With listeners (agents): a step whose loss is not finite or whose Dice + CE terms exceed rollback_factor
  // times their running mean restores the model, optimizer and registry of the last epoch start (Trainer,
  // rollback_guard.h). 0 = never.
  double rollback_factor = 10;
  // An open-loop replay: a CSV with header step,name,value; from optimizer step `step` on, registry entry
  // `name` is `value` (schedule_replay.h). Empty: none.
  std::string replay_schedule;
};

// [cleanup]: the clean-up of predicted masks of data sets without instances (core/postprocess/mask_cleanup.h),
// each step "auto" (chosen on the validation split at the end of training, core/train/cleanup_choice.h), "on"
// (also in every validation) or "off". Data sets with instances: "auto" means off, "on" is refused.
struct CleanupOptions {
  std::string largest_component = "auto";  // keep only the largest connected component of the foreground
  std::string fill_holes = "auto";         // fill background components that do not touch the grid's border
};

struct RunConfig {
  DataOptions data;
  ModelOptions model;
  TrainOptions train;
  CleanupOptions cleanup;
  std::map<std::string, double> tunables;  // registry name -> initial value (see tunables.h)

  std::vector<int64_t> patch_size() const;  // parsed train.patch; InputError when malformed
  // The windows of prediction (PredictionOptions::window): empty without train.sliding_window, else the training
  // patch in tensor order ([y, x] or [z, y, x]).
  std::vector<int64_t> prediction_window() const;
  std::vector<double> class_weight_values() const;
};

// A section of the run configuration that a layer above core owns (the hyperparameter agents' [agents],
// agents/hyperparameter/agent_options.h): binds its fields to the table with their defaults, help text and
// ranges, as bind_run_config does for core's own. The values land where the section's owner keeps them.
using ConfigSection = std::function<void(OptionTable&)>;

// Binds the fields of [cleanup] alone (also to read a run's cleanup.ini, cleanup_choice.h).
void bind_cleanup_options(CleanupOptions& cleanup, OptionTable& table);

// Binds every field of `config` to the table (with defaults, help text and ranges): [data], [model], [train],
// [cleanup], then `sections` in the given order, then the tunables. to_ini() and the help list them in that order.
void bind_run_config(RunConfig& config, OptionTable& table, const std::vector<ConfigSection>& sections = {});

struct LoadedConfig {
  RunConfig config;
  std::string resolved_ini;
};
// Reads `ini_file` (optional) with `overrides` ("--section.key=value") on top, knowing core's options and
// those of `sections`; a key of any other section is unknown. Throws InputError.
LoadedConfig load_run_config(const std::optional<std::filesystem::path>& ini_file,
                             const std::vector<std::string>& overrides,
                             const std::vector<ConfigSection>& sections = {});

// The --help text listing every option of core and of `sections` with its default.
std::string run_config_help(const std::vector<ConfigSection>& sections = {});

}  // namespace hypera::core
