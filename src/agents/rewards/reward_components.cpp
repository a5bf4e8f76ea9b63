#include "agents/rewards/reward_components.h"

#include <algorithm>
#include <cmath>

#include "core/measure/object_scores.h"
#include "core/measure/scores.h"

namespace hypera::agents {
namespace {

constexpr double kHd95CapPx = 20;

double hd95_score(double hd95) {
  if (std::isnan(hd95)) return 0;  // both masks empty: nothing is wrong
  return -std::min(hd95, kHd95CapPx) / kHd95CapPx;  // +inf -> -1
}

double balance_score(double precision, double recall) {
  if (std::isnan(precision) && std::isnan(recall)) return 1;
  if (std::isnan(precision) || std::isnan(recall)) return 0;
  return 1 - std::abs(precision - recall);
}

double compactness_score(double pred, double truth) {
  if (std::isnan(pred) && std::isnan(truth)) return 0;
  if (std::isnan(pred) || std::isnan(truth)) return -1;
  return -std::min(std::abs(pred - truth), 1.0);
}

}  // namespace

const std::array<std::string, kRewardComponentCount>& reward_component_names() {
  static const std::array<std::string, kRewardComponentCount> names{"dice",        "hd95",       "precision_recall",
                                                                    "compactness", "foreground", "object_f1"};
  return names;
}

RewardVector reward_components(const core::PostprocessResult& segmentation, const data::InstanceVolume& truth_instances,
                               const data::LabelVolume& truth_mask) {
  const core::SegmentationScores s = core::score_labels(segmentation.mask, truth_mask);
  const core::ObjectScores objects = core::score_instances(segmentation.instances, truth_instances);
  RewardVector r{};
  r[kDice] = s.dice;
  r[kHd95] = hd95_score(s.hd95);
  r[kPrecisionRecall] = balance_score(s.precision, s.recall);
  r[kCompactness] = compactness_score(s.pred_shape.compactness, s.gt_shape.compactness);
  r[kForeground] = s.volume_similarity;
  static_assert(core::kObjectIouThresholds[0] == 0.5 && core::kObjectIouThresholds[5] == 0.75);
  r[kObjectF1] = 0.5 * (objects.at[0].f1 + objects.at[5].f1);  // IoU 0.5 and 0.75
  return r;
}

}  // namespace hypera::agents
