#include "core/train/evaluator.h"

#include <algorithm>

#include "comm/host_values.h"
#include "core/measure/class_scores.h"
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

// metrics[to] = metrics[from] when there is such an entry.
void copy_entry(std::map<std::string, double>& metrics, const std::string& from, const std::string& to) {
  if (const auto it = metrics.find(from); it != metrics.end()) metrics[to] = it->second;
}

// The names of class_scores' entries for these classes (for a rank without samples of its own).
std::vector<std::string> class_score_names(const std::vector<std::string>& class_names) {
  const data::LabelVolume nothing(data::Geometry{});
  return names_of(class_scores(nothing, nothing, class_names));
}

}  // namespace

std::vector<NamedValue> score_sample(const data::LabelVolume& predicted, const data::Sample& sample,
                                     data::TargetKind target, const std::vector<std::string>& class_names) {
  if (sample.instances.voxels.empty()) {
    std::vector<NamedValue> values = named_values(score_labels(foreground_of(predicted), foreground_of(sample.label)));
    if (target == data::TargetKind::Classes) {
      const std::vector<NamedValue> per_class = class_scores(predicted, sample.label, class_names);
      values.insert(values.end(), per_class.begin(), per_class.end());
    }
    return values;
  }
  const data::InstanceVolume objects = final_instances(predicted, target);
  std::vector<NamedValue> values = named_values(score_labels(foreground_of(objects), foreground_of(sample.instances)));
  const std::vector<NamedValue> object_values = named_values(score_instances(objects, sample.instances));
  values.insert(values.end(), object_values.begin(), object_values.end());
  return values;
}

FiniteMeans score_share(UNet& model, const data::SampleCache& samples, data::TargetKind target,
                        const PredictionOptions& options, int64_t limit, int rank, int ranks) {
  const int64_t count = limit > 0 ? std::min(limit, samples.size()) : samples.size();
  if (count == 0) return FiniteMeans({});
  // The names come from the kind of data set (with or without instances), so that a rank without samples
  // of its own still contributes zeros in the same layout.
  std::vector<std::string> names = names_of(named_values(SegmentationScores{}));
  if (!samples[0].instances.voxels.empty()) {
    const std::vector<std::string> object_names = names_of(named_values(ObjectScores{}));
    names.insert(names.end(), object_names.begin(), object_names.end());
  } else if (target == data::TargetKind::Classes) {
    const std::vector<std::string> per_class = class_score_names(samples.class_names());
    names.insert(names.end(), per_class.begin(), per_class.end());
  }
  FiniteMeans tally(names);
  for (int64_t i = rank; i < count; i += ranks) {
    const data::Sample& sample = samples[i];
    try {
      tally.add(score_sample(predict_labels(model, sample.channels, options), sample, target, samples.class_names()));
    } catch (const InputError& e) {
      throw InputError("sample " + std::to_string(i) + ": its scores differ in kind from the first sample's (" +
                       e.what() + ")");
    }
  }
  return tally;
}

std::map<std::string, double> combine_shares(FiniteMeans tally, comm::Collective& group) {
  if (tally.names().empty()) return {};
  tally.set_totals(comm::allreduce_values(group, tally.totals(), comm::ReduceOp::kSum));
  std::map<std::string, double> metrics;
  for (const NamedValue& value : tally.means_and_counts()) metrics[value.name] = value.value;
  copy_entry(metrics, "f1@0.50", "object_f1");
  copy_entry(metrics, nonfinite_name("f1@0.50"), nonfinite_name("object_f1"));
  metrics[kSampleCountKey] = double(tally.rows());
  return metrics;
}

std::map<std::string, double> evaluate(UNet& model, const data::SampleCache& samples, data::TargetKind target,
                                       const PredictionOptions& options, int64_t limit, comm::Collective& group) {
  return combine_shares(score_share(model, samples, target, options, limit, group.rank(), group.size()), group);
}

}  // namespace hypera::core
