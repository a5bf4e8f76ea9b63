#pragma once
// Scores of a mask of classes 0..K-1 against its truth, class by class: what the evaluation of a run of target
// classes (core/train/evaluator.h) and `hypera_dist eval --classes` report.
#include <string>
#include <vector>

#include "core/measure/scores.h"
#include "data/io/volume.h"

namespace hypera::core {

// For every foreground class k = 1 .. class_names.size() - 1, in order, dice_<name> and hd95_<name> of the voxels
// equal to k (score_labels with options.cls = k; the empty-mask conventions of scores.h: a class absent from both
// masks has Dice 1 and hd95 NaN), then mean_dice and mean_hd95: the means over the classes whose value is finite
// (NaN when none is). `predicted` and `truth` on the same grid (score_labels' errors otherwise). Cost: one
// score_labels per foreground class. Thread-safe.
std::vector<NamedValue> class_scores(const data::LabelVolume& predicted, const data::LabelVolume& truth,
                                     const std::vector<std::string>& class_names, ScoreOptions options = {});

}  // namespace hypera::core
