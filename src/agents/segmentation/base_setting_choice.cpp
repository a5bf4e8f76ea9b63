#include "agents/segmentation/base_setting_choice.h"

#include "agents/rewards/reward_components.h"
#include "core/postprocess/pipeline.h"

namespace hypera::agents {

double mean_selection_score(const std::vector<RefinementExample>& examples,
                            const std::function<core::PostprocessParams(size_t)>& setting_of) {
  double sum = 0;
  for (size_t i = 0; i < examples.size(); ++i) {
    const RefinementExample& e = examples[i];
    const RewardVector scores = reward_components(core::postprocess(e.probabilities, setting_of(i)),
                                                  e.truth_instances, e.truth_mask);
    sum += scores[kDice] + scores[kObjectF1];
  }
  return examples.empty() ? 0 : sum / static_cast<double>(examples.size());
}

ThresholdChoice choose_base_threshold(const std::vector<RefinementExample>& examples, core::PostprocessParams base,
                                      const std::vector<double>& candidates) {
  ThresholdChoice choice{base, {}};
  double best_mean = 0;
  for (const double threshold : candidates) {
    core::set_parameter(base, "threshold", threshold);  // InputError outside [0.05, 0.95]
    const double mean = mean_selection_score(examples, [&base](size_t) { return base; });
    if (choice.mean_scores.empty() || mean > best_mean) {
      best_mean = mean;
      choice.base = base;
    }
    choice.mean_scores.push_back(mean);
  }
  return choice;
}

}  // namespace hypera::agents
