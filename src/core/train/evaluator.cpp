#include "core/train/evaluator.h"

#include <algorithm>

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

std::vector<NamedValue> score_sample(const data::LabelVolume& predicted, const data::Sample& sample,
                                     data::TargetKind target) {
  if (sample.instances.voxels.empty()) {
    return named_values(score_labels(foreground_of(predicted), foreground_of(sample.label)));
  }
  const data::InstanceVolume objects = final_instances(predicted, target);
  std::vector<NamedValue> values = named_values(score_labels(foreground_of(objects), foreground_of(sample.instances)));
  const std::vector<NamedValue> object_values = named_values(score_instances(objects, sample.instances));
  values.insert(values.end(), object_values.begin(), object_values.end());
  return values;
}

std::map<std::string, double> evaluate(UNet& model, const data::SampleCache& samples, data::TargetKind target,
                                       const PredictionOptions& options, int64_t limit) {
  const int64_t count = limit > 0 ? std::min(limit, samples.size()) : samples.size();
  std::vector<std::vector<NamedValue>> rows;
  for (int64_t i = 0; i < count; ++i) {
    const data::Sample& sample = samples[i];
    rows.push_back(score_sample(predict_labels(model, sample.image, options), sample, target));
  }
  std::map<std::string, double> metrics;
  for (const NamedValue& mean : mean_values(rows)) metrics[mean.name] = mean.value;
  if (const auto f1 = metrics.find("f1@0.50"); f1 != metrics.end()) metrics["object_f1"] = f1->second;
  return metrics;
}

}  // namespace hypera::core
