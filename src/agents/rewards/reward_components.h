#pragma once
// The objectives a segmentation agent's reward is made of, each a score where higher is better, computed
// from a segmentation and its ground truth (training mode only; ground truth never enters a state).
#include <array>
#include <cstddef>
#include <string>

#include "core/postprocess/pipeline.h"
#include "data/io/volume.h"

namespace hypera::agents {

enum RewardComponent : size_t {
  kDice,            // foreground Dice, [0, 1]
  kHd95,            // -min(HD95, 20 px) / 20 px, [-1, 0]; -1 when exactly one mask is empty, 0 when both are
  kPrecisionRecall, // 1 - |precision - recall|, [0, 1]; 1 when both are undefined, 0 when one is
  kCompactness,     // -min(|compactness(pred) - compactness(truth)|, 1), [-1, 0] (shape_metrics.h)
  kForeground,      // 1 - |P - G| / (P + G) with P, G the foreground voxel counts (volume similarity), [0, 1]
  kObjectF1,        // mean of the object F1 at IoU 0.5 and 0.75 (object_scores.h), [0, 1]
  kRewardComponentCount
};

using RewardVector = std::array<double, kRewardComponentCount>;  // indexed by RewardComponent

// "dice", "hd95", "precision_recall", "compactness", "foreground", "object_f1".
const std::array<std::string, kRewardComponentCount>& reward_component_names();

// Every component for one segmentation. Throws InputError when the grids differ. Cost: score_labels
// (two distance transforms) and score_instances on the grid; thread-safe.
RewardVector reward_components(const core::PostprocessResult& segmentation, const data::InstanceVolume& truth_instances,
                               const data::LabelVolume& truth_mask);

}  // namespace hypera::agents
