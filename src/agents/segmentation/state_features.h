#pragma once
// The shared state of the segmentation agents: a fixed-length description of one image and its
// prediction, computed once per image from the image and the probabilities only (ground truth never enters).
#include <array>
#include <cstdint>
#include <vector>

#include "data/io/volume.h"

namespace hypera::agents {

// Feature layout (kStateDim values, each roughly in [0, 1] before normalisation):
//   0  image mean                          1  image standard deviation
//   2  image mean inside the base mask     3  image mean outside the base mask
//   4..11  histogram of the foreground probability p = 1 - p(class 0), 8 equal bins over [0, 1] (fractions)
//   12 mean entropy of the class distribution / log(C)
//   13 foreground fraction of the base mask (p > base threshold)
//   14 log(1 + components of the base mask) / 8   15 log(1 + mean component size) / 10
//   16 coefficient of variation of the component sizes / 4   17 log(1 + largest component size) / 12
//   18 uncertain fraction: voxels with 0.1 < p < 0.9
//   19 boundary sharpness: mean |grad p| (central differences, per voxel) on the base mask's border voxels
//   20 mean boundary-class probability (three classes; 0 for two)
// "Base mask": p > base_threshold, components with full connectivity (8 / 26): cheap, unlike the full
// pipeline.
constexpr int64_t kStateDim = 21;

struct SharedState {
  std::vector<float> features;  // kStateDim raw features (normalisation: FeatureNormalizer)
  int64_t base_components = 0;  // components of the base mask (the ShapeAgent's object count reference)
};

// probabilities: 2 or 3 class maps on one grid; image on the same grid, in [0, 1]. InputError for another
// class count or mismatched grids. Cost: a few passes over the grid (three float logarithms per voxel, the
// largest part) and the base mask's components by runs (data/io/components.h): about 7 ms of
// one thread on a 520x696 image. Thread-safe.
SharedState compute_shared_state(const std::vector<data::ImageVolume>& probabilities, const data::ImageVolume& image,
                                 double base_threshold);

// Per-feature z-score with statistics of the training images, clipped to [-5, 5] (an image unlike every
// training image must not saturate the networks); features with no spread are only centred.
struct FeatureNormalizer {
  std::vector<float> mean;  // kStateDim values each
  std::vector<float> scale;

  static FeatureNormalizer fit(const std::vector<std::vector<float>>& features);  // std::invalid_argument if empty
  std::vector<float> apply(const std::vector<float>& features) const;
};

}  // namespace hypera::agents
