#include "core/postprocess/foreground_mask.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "support/input_error.h"

namespace hypera::core {

void apply_logit_bias(data::ImageVolume& probability, double bias) {
  if (!std::isfinite(bias)) throw InputError("postprocess.foreground_bias: must be finite");
  if (bias == 0) return;
  const double scale = std::exp(-bias);
  for (float& p : probability.voxels) {
    const double q = std::clamp(static_cast<double>(p), 1e-7, 1.0 - 1e-7);
    // sigmoid(logit(q) + b) = q / (q + (1 - q) e^-b)
    p = static_cast<float>(q / (q + (1.0 - q) * scale));
  }
}

data::LabelVolume threshold_mask(const data::ImageVolume& probability, double threshold) {
  if (!(threshold >= 0 && threshold <= 1)) {
    throw InputError("postprocess.threshold: must be in [0, 1], got " + std::to_string(threshold));
  }
  data::LabelVolume mask(probability.geometry);
  const auto t = static_cast<float>(threshold);
  std::transform(probability.voxels.begin(), probability.voxels.end(), mask.voxels.begin(),
                 [t](float p) { return static_cast<uint8_t>(p > t ? 1 : 0); });
  return mask;
}

}  // namespace hypera::core
