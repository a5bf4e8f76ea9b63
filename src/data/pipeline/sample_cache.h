#pragma once
// All samples of a split, loaded once into memory (BBBC039 training: 100 x 520x696 float images, uint8
// labels and int32 instances, 326 MB; the MRI: 7M voxels without instances, 35 MB). Immutable after construction, so any number of
// threads may read it at once without locking. Construction reads every sample (see
// PreparedDataset::load for cost and errors).
//
// Distance maps: when a DistanceMapFunction is given, it is called exactly once per sample, during
// construction (after every sample is loaded, on up to `map_threads` threads), and its result is kept beside the
// sample; crops and augmentation then carry it with the
// label (patch.h, augmentation.h, batch_loader.h). The data layer does not know how the maps are made:
// the trainer passes core's signed distance maps of the foreground classes (core/seg/signed_distance.h), so
// that data never includes core. Memory: channels * voxels * 4 bytes per sample (BBBC039 training,
// three classes: 2 maps, 290 MB).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/pipeline/prepared_dataset.h"

namespace hypera::data {

// Maps of one sample, channel-major: channels * voxel_count floats in the sample's voxel order, where
// channels is the same for every sample (the foreground classes: num_classes - 1). Called for different samples
// from several threads at once when the cache is built with map_threads > 1, so it must be thread-safe then.
using DistanceMapFunction = std::function<std::vector<float>(const Sample&)>;

class SampleCache {
 public:
  // A distance_maps result whose size is not a positive multiple of the sample's voxel count, or whose
  // channel count differs between samples, throws std::invalid_argument.
  // An exception of distance_maps propagates (the first one, after every thread ended).
  SampleCache(const PreparedDataset& dataset, const std::vector<std::string>& names,
              const DistanceMapFunction& distance_maps = {}, int map_threads = 1);
  // The samples of split "training", "validation" or "test".
  static std::shared_ptr<const SampleCache> of_split(const PreparedDataset& dataset, const std::string& split,
                                                     const DistanceMapFunction& distance_maps = {},
                                                     int map_threads = 1);

  int64_t size() const { return static_cast<int64_t>(samples_.size()); }
  const Sample& operator[](int64_t index) const { return samples_[static_cast<size_t>(index)]; }
  const std::vector<Sample>& samples() const { return samples_; }
  int num_classes() const { return static_cast<int>(class_names_.size()); }
  // The data set's class names (PreparedInfo::class_names).
  const std::vector<std::string>& class_names() const { return class_names_; }
  // The number of image channels of every sample (PreparedInfo::channel_names).
  int image_channels() const { return image_channels_; }
  // 0 when the cache was built without a DistanceMapFunction.
  int distance_channels() const { return distance_channels_; }
  // The maps of sample `index` (empty when distance_channels() == 0).
  const std::vector<float>& distance_maps(int64_t index) const { return distance_maps_[static_cast<size_t>(index)]; }
  // Memory held by the voxel arrays and the distance maps.
  int64_t bytes() const;
  // Wall seconds that computing the distance maps took during construction (0 without a DistanceMapFunction).
  double distance_map_seconds() const { return distance_map_seconds_; }

 private:
  std::vector<Sample> samples_;
  std::vector<std::vector<float>> distance_maps_;  // one entry per sample, possibly empty
  std::vector<std::string> class_names_;
  int image_channels_ = 1;
  int distance_channels_ = 0;
  double distance_map_seconds_ = 0;
};

}  // namespace hypera::data
