#include "data/pipeline/sample_cache.h"

#include <stdexcept>

namespace hypera::data {

SampleCache::SampleCache(const PreparedDataset& dataset, const std::vector<std::string>& names,
                         const DistanceMapFunction& distance_maps)
    : num_classes_(dataset.info().num_classes) {
  samples_.reserve(names.size());
  distance_maps_.reserve(names.size());
  for (const std::string& name : names) {
    samples_.push_back(dataset.load(name));
    if (!distance_maps) {
      distance_maps_.emplace_back();
      continue;
    }
    std::vector<float> maps = distance_maps(samples_.back());
    const auto voxels = static_cast<size_t>(samples_.back().label.geometry.voxel_count());
    const int channels = voxels > 0 ? static_cast<int>(maps.size() / voxels) : 0;
    if (channels < 1 || maps.size() != voxels * static_cast<size_t>(channels) ||
        (distance_maps_.size() > 0 && channels != distance_channels_)) {
      throw std::invalid_argument("SampleCache: the distance maps of sample " + name + " have " +
                                  std::to_string(maps.size()) + " values for " + std::to_string(voxels) +
                                  " voxels (need the same whole number of maps for every sample)");
    }
    distance_channels_ = channels;
    distance_maps_.push_back(std::move(maps));
  }
}

std::shared_ptr<const SampleCache> SampleCache::of_split(const PreparedDataset& dataset, const std::string& split,
                                                         const DistanceMapFunction& distance_maps) {
  return std::make_shared<const SampleCache>(dataset, dataset.split(split), distance_maps);
}

int64_t SampleCache::bytes() const {
  int64_t total = 0;
  for (size_t i = 0; i < samples_.size(); ++i) {
    const Sample& sample = samples_[i];
    total += static_cast<int64_t>(sample.image.voxels.size() * sizeof(float) + sample.label.voxels.size() +
                                  sample.instances.voxels.size() * sizeof(int32_t) +
                                  distance_maps_[i].size() * sizeof(float));
  }
  return total;
}

}  // namespace hypera::data
