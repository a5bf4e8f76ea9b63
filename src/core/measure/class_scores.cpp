#include "core/measure/class_scores.h"

#include <cmath>

namespace hypera::core {

std::vector<NamedValue> class_scores(const data::LabelVolume& predicted, const data::LabelVolume& truth,
                                     const std::vector<std::string>& class_names, ScoreOptions options) {
  std::vector<NamedValue> values;
  double sums[2] = {0, 0};
  int finite[2] = {0, 0};
  for (size_t k = 1; k < class_names.size(); ++k) {
    options.cls = static_cast<uint8_t>(k);
    const SegmentationScores scores = score_labels(predicted, truth, options);
    const double pair[2] = {scores.dice, scores.hd95};
    for (int m = 0; m < 2; ++m) {
      values.push_back({std::string(m == 0 ? "dice_" : "hd95_") + class_names[k], pair[m]});
      if (std::isfinite(pair[m])) {
        sums[m] += pair[m];
        ++finite[m];
      }
    }
  }
  for (int m = 0; m < 2; ++m) {
    values.push_back({m == 0 ? "mean_dice" : "mean_hd95", finite[m] > 0 ? sums[m] / finite[m] : std::nan("")});
  }
  return values;
}

}  // namespace hypera::core
