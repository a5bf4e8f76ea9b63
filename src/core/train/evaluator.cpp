#include "core/train/evaluator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "comm/host_values.h"
#include "support/input_error.h"

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
                                       const PredictionOptions& options, int64_t limit, comm::Collective& group) {
  const int64_t count = limit > 0 ? std::min(limit, samples.size()) : samples.size();
  if (count == 0) return {};
  // The names come from the kind of data set (with or without instances), so that a rank without samples
  // of its own still contributes zeros in the same layout.
  std::vector<NamedValue> names = named_values(SegmentationScores{});
  if (!samples[0].instances.voxels.empty()) {
    const std::vector<NamedValue> object_names = named_values(ObjectScores{});
    names.insert(names.end(), object_names.begin(), object_names.end());
  }
  const std::size_t n = names.size();
  std::vector<double> sums_and_counts(2 * n, 0.0);  // sums, then counts of not-NaN values
  for (int64_t i = group.rank(); i < count; i += group.size()) {
    const data::Sample& sample = samples[i];
    const std::vector<NamedValue> row = score_sample(predict_labels(model, sample.image, options), sample, target);
    for (std::size_t k = 0; k < n; ++k) {
      if (row.size() != n || row[k].name != names[k].name) {
        throw InputError("sample " + std::to_string(i) + ": its scores differ in kind from the first sample's");
      }
      if (std::isnan(row[k].value)) continue;
      sums_and_counts[k] += row[k].value;
      sums_and_counts[n + k] += 1;
    }
  }
  const std::vector<double> total = comm::allreduce_values(group, sums_and_counts, comm::ReduceOp::kSum);
  std::map<std::string, double> metrics;
  for (std::size_t k = 0; k < n; ++k) {
    metrics[names[k].name] = total[n + k] > 0 ? total[k] / total[n + k] : std::numeric_limits<double>::quiet_NaN();
  }
  if (const auto f1 = metrics.find("f1@0.50"); f1 != metrics.end()) metrics["object_f1"] = f1->second;
  return metrics;
}

}  // namespace hypera::core
