#pragma once
// Which clean-up of predicted masks (core/postprocess/mask_cleanup.h) a run applies, from its [cleanup] options
// (run_config.h): the steps that are "on" from the start, and those that are "auto" decided once at the end of
// training on the validation split with the best checkpoint, as nnU-Net decides whether to keep only the
// largest component. The decision is written to RUN/cleanup.ini, so that `infer` applies the same.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "comm/collective.h"
#include "core/postprocess/mask_cleanup.h"
#include "core/seg/unet.h"
#include "core/train/run_config.h"
#include "core/train/segmentation_predictor.h"
#include "data/pipeline/sample_cache.h"

namespace hypera::core {

// The steps that are "on". InputError naming the option when a step is "on" for a data set with instances
// (their objects are formed from the labels by final_instances; a whole-mask clean-up would merge or drop them).
MaskCleanup fixed_cleanup(const CleanupOptions& options, bool has_instances);

// Whether a step is "auto" for a data set without instances: then the run chooses at its end.
bool cleanup_to_choose(const CleanupOptions& options, bool has_instances);

struct CleanupChoice {
  MaskCleanup chosen;
  // Every candidate with its mean validation metric, in the order they were tried.
  std::vector<std::pair<MaskCleanup, double>> candidates;
};

// Candidates: every combination the options allow ("auto": without and with the step), in the order none,
// fill holes, largest component, both. `model` (the best checkpoint) predicts each validation sample once
// (options without their clean-up); every candidate cleans those labels and is scored
// (score_sample) by the mean of `metric` over the samples where it is finite (NaN for none). The first
// candidate wins unless a later one has a strictly higher mean, so a step is taken only where it helps.
// Data parallel and collective like evaluate() (evaluator.h): the same result on every rank. An empty
// validation split keeps the first candidate. Cost: one prediction and one score_sample per candidate per
// validation sample of this rank.
CleanupChoice choose_cleanup(UNet& model, const data::SampleCache& validation, data::TargetKind target,
                             const PredictionOptions& options, const CleanupOptions& requested,
                             const std::string& metric, comm::Collective& group);

// Writes RUN/cleanup.ini ("[cleanup]" with each step "on" or "off"), replacing it atomically.
void write_cleanup_choice(const std::filesystem::path& run_folder, const MaskCleanup& chosen);

// The clean-up a finished run applies: `configured` (the run's config.ini) with RUN/cleanup.ini on top when
// it exists; a step still "auto" (the run never chose: it has instances, or it ended before choosing) is off.
// A damaged cleanup.ini throws InputError naming it.
MaskCleanup run_cleanup(const std::filesystem::path& run_folder, const CleanupOptions& configured);

}  // namespace hypera::core
