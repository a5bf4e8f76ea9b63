#include "data/pipeline/sample_cache.h"

namespace hypera::data {

SampleCache::SampleCache(const PreparedDataset& dataset, const std::vector<std::string>& names)
    : num_classes_(dataset.info().num_classes) {
  samples_.reserve(names.size());
  for (const std::string& name : names) samples_.push_back(dataset.load(name));
}

std::shared_ptr<const SampleCache> SampleCache::of_split(const PreparedDataset& dataset, const std::string& split) {
  return std::make_shared<const SampleCache>(dataset, dataset.split(split));
}

int64_t SampleCache::bytes() const {
  int64_t total = 0;
  for (const Sample& sample : samples_) {
    total += static_cast<int64_t>(sample.image.voxels.size() * sizeof(float) + sample.label.voxels.size() +
                                  sample.instances.voxels.size() * sizeof(int32_t));
  }
  return total;
}

}  // namespace hypera::data
