#include "core/train/evaluator.h"

#include <algorithm>

#include "core/measure/overlap_metrics.h"

namespace hypera::core {
namespace {

template <class T>
data::LabelVolume foreground_of(const data::Volume<T>& values) {
  data::LabelVolume foreground(values.geometry);
  std::transform(values.voxels.begin(), values.voxels.end(), foreground.voxels.begin(),
                 [](T v) { return uint8_t(v > 0); });
  return foreground;
}

}  // namespace

std::map<std::string, double> evaluate(UNet& model, const data::SampleCache& samples, data::TargetKind target,
                                       const PredictionOptions& options, int64_t limit) {
  const int64_t count = limit > 0 ? std::min(limit, samples.size()) : samples.size();
  double dice_sum = 0, f1_sum = 0;
  int64_t instance_samples = 0;
  for (int64_t i = 0; i < count; ++i) {
    const data::Sample& sample = samples[i];
    const data::LabelVolume predicted = predict_labels(model, sample.image, options);
    if (sample.instances.voxels.empty()) {
      dice_sum += dice(foreground_of(predicted), foreground_of(sample.label), 1);
      continue;
    }
    // Instance data: both metrics on the final instance masks.
    const data::InstanceVolume objects = final_instances(predicted, target);
    dice_sum += dice(foreground_of(objects), foreground_of(sample.instances), 1);
    f1_sum += match_objects(objects, sample.instances, 0.5).f1;
    ++instance_samples;
  }
  std::map<std::string, double> metrics;
  if (count == 0) return metrics;
  metrics["dice"] = dice_sum / count;
  if (instance_samples > 0) metrics["object_f1"] = f1_sum / instance_samples;
  return metrics;
}

}  // namespace hypera::core
