#pragma once
// The score that chooses among settings of the refinement, and the base setting's foreground threshold chosen
// with it on the examples the segmentation agents learn from (the validation split) before they learn
// (refine-train). Why: a network whose loss weights the thin boundary class
// (BBBC039's cross-entropy weights 1, 1, 5) puts the foreground about one pixel beyond the true edge, so a fixed
// threshold leaves Dice and object F1 behind that a higher one recovers (docs/RESULTS.md, "The foreground
// threshold of refinement").
#include <cstddef>
#include <functional>
#include <vector>

#include "agents/segmentation/segmentation_refiner.h"

namespace hypera::agents {

// The score that chooses among settings of the refinement (a base threshold here, a number of passes with
// RefinerTrainingOptions::held_out): the mean over `examples` of foreground Dice plus object F1
// (reward_components: the two scores the refinement is judged by) when example i is post-processed with
// setting_of(i); 0 for no examples. Cost: one postprocess() and one scoring per example.
double mean_selection_score(const std::vector<RefinementExample>& examples,
                            const std::function<core::PostprocessParams(size_t)>& setting_of);

struct ThresholdChoice {
  core::PostprocessParams base;     // the base setting with the chosen threshold
  std::vector<double> mean_scores;  // per candidate, in order: mean over the examples of Dice + object F1
};

// The candidate whose post-processing (`base` with that threshold) has the highest mean_selection_score over
// `examples`; ties keep the earlier candidate. Empty `candidates`: `base` unchanged, no scores. InputError for a
// candidate outside the threshold's range (core::parameter_ranges). Cost: one postprocess() and one scoring per candidate and example;
// 5 candidates on BBBC039's 50 validation images (520x696) added about 6-10 s to refine-train (docs/RESULTS.md).
ThresholdChoice choose_base_threshold(const std::vector<RefinementExample>& examples, core::PostprocessParams base,
                                      const std::vector<double>& candidates);

}  // namespace hypera::agents
