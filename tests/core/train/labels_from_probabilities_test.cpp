// Class labels from probabilities (segmentation_predictor.h): the argmax with the lowest class on ties, then the
// run's clean-up.
#include <gtest/gtest.h>

#include "core/train/segmentation_predictor.h"

namespace hypera::core {
namespace {

std::vector<data::ImageVolume> three_classes(const std::vector<std::vector<float>>& per_class) {
  data::Geometry g;
  g.size = {int64_t(per_class[0].size()), 1, 1};
  std::vector<data::ImageVolume> volumes;
  for (const auto& values : per_class) {
    data::ImageVolume volume(g);
    volume.voxels = values;
    volumes.push_back(volume);
  }
  return volumes;
}

TEST(LabelsFromProbabilities, TakeTheLargestWithTheLowestClassOnTies) {
  const auto probabilities = three_classes({{0.6f, 0.2f, 0.4f, 0.1f, 0.5f},
                                            {0.3f, 0.2f, 0.4f, 0.8f, 0.0f},
                                            {0.1f, 0.6f, 0.2f, 0.1f, 0.5f}});
  EXPECT_EQ(labels_from_probabilities(probabilities, {}).voxels, (std::vector<uint8_t>{0, 2, 0, 1, 0}));
}

TEST(LabelsFromProbabilities, ApplyTheCleanUp) {
  // Foreground at x = 0, 1 and 3: two components, the smaller one removed.
  const auto probabilities = three_classes({{0.1f, 0.2f, 0.9f, 0.3f, 0.9f},
                                            {0.9f, 0.8f, 0.1f, 0.7f, 0.1f},
                                            {0.0f, 0.0f, 0.0f, 0.0f, 0.0f}});
  EXPECT_EQ(labels_from_probabilities(probabilities, {true, false}).voxels, (std::vector<uint8_t>{1, 1, 0, 0, 0}));
}

}  // namespace
}  // namespace hypera::core
