#pragma once
// All samples of a split, loaded once into memory (BBBC039 training: 100 x 520x696 float images, uint8
// labels and int32 instances, 326 MB; the MRI: 7M voxels without instances, 35 MB). Immutable after construction, so any number of
// threads may read it at once without locking. Construction reads every sample (see
// PreparedDataset::load for cost and errors).
#include <memory>
#include <string>
#include <vector>

#include "data/pipeline/prepared_dataset.h"

namespace hypera::data {

class SampleCache {
 public:
  SampleCache(const PreparedDataset& dataset, const std::vector<std::string>& names);
  // The samples of split "training", "validation" or "test".
  static std::shared_ptr<const SampleCache> of_split(const PreparedDataset& dataset, const std::string& split);

  int64_t size() const { return static_cast<int64_t>(samples_.size()); }
  const Sample& operator[](int64_t index) const { return samples_[static_cast<size_t>(index)]; }
  const std::vector<Sample>& samples() const { return samples_; }
  int num_classes() const { return num_classes_; }
  // Memory held by the voxel arrays.
  int64_t bytes() const;

 private:
  std::vector<Sample> samples_;
  int num_classes_ = 2;
};

}  // namespace hypera::data
