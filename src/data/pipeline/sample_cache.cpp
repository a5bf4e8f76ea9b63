#include "data/pipeline/sample_cache.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include <stdexcept>

namespace hypera::data {

SampleCache::SampleCache(const PreparedDataset& dataset, const std::vector<std::string>& names,
                         const DistanceMapFunction& distance_maps, int map_threads)
    : class_names_(dataset.info().class_names), image_channels_(int(dataset.info().channel_names.size())) {
  samples_.reserve(names.size());
  for (const std::string& name : names) samples_.push_back(dataset.load(name));
  distance_maps_.resize(samples_.size());
  if (!distance_maps) return;
  const auto start = std::chrono::steady_clock::now();
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_lock;
  const auto work = [&] {
    for (size_t i = next++; i < samples_.size(); i = next++) {
      try {
        distance_maps_[i] = distance_maps(samples_[i]);
      } catch (...) {
        const std::lock_guard<std::mutex> hold(failure_lock);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < std::min<int64_t>(map_threads, size()); ++t) helpers.emplace_back(work);
  work();
  for (auto& helper : helpers) helper.join();
  if (failure) std::rethrow_exception(failure);
  distance_map_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (size_t i = 0; i < samples_.size(); ++i) {
    const std::vector<float>& maps = distance_maps_[i];
    const auto voxels = static_cast<size_t>(samples_[i].label.geometry.voxel_count());
    const int channels = voxels > 0 ? static_cast<int>(maps.size() / voxels) : 0;
    if (channels < 1 || maps.size() != voxels * static_cast<size_t>(channels) || (i > 0 && channels != distance_channels_)) {
      throw std::invalid_argument("SampleCache: the distance maps of sample " + names[i] + " have " +
                                  std::to_string(maps.size()) + " values for " + std::to_string(voxels) +
                                  " voxels (need the same whole number of maps for every sample)");
    }
    distance_channels_ = channels;
  }
}

std::shared_ptr<const SampleCache> SampleCache::of_split(const PreparedDataset& dataset, const std::string& split,
                                                         const DistanceMapFunction& distance_maps, int map_threads) {
  return std::make_shared<const SampleCache>(dataset, dataset.split(split), distance_maps, map_threads);
}

int64_t SampleCache::bytes() const {
  int64_t total = 0;
  for (size_t i = 0; i < samples_.size(); ++i) {
    const Sample& sample = samples_[i];
    for (const ImageVolume& channel : sample.channels) total += int64_t(channel.voxels.size() * sizeof(float));
    total += static_cast<int64_t>(sample.label.voxels.size() +
                                  sample.instances.voxels.size() * sizeof(int32_t) +
                                  distance_maps_[i].size() * sizeof(float));
  }
  return total;
}

}  // namespace hypera::data
