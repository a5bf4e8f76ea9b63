#pragma once
// A training patch as plain arrays, and the random crop that cuts it out of an item. Patches are what
// augmentation works on (augmentation.h, elastic.h) and what the loader copies into tensors.
#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "data/pipeline/items.h"

namespace hypera::data {

struct Patch {
  std::array<int64_t, 3> size{1, 1, 1};  // x, y, z (width, height, depth); z == 1 for 2D
  int image_channels = 1;                // the sample's image channels
  std::vector<float> image;              // image_channels * voxel_count, channel-major; each x fastest, then y, z
  std::vector<uint8_t> label;            // voxel_count, same layout as one channel
  int distance_channels = 0;             // maps carried with the label (sample_cache.h); 0: none
  std::vector<float> distance;           // distance_channels * voxel_count, channel-major, each map as image
  int64_t voxel_count() const { return size[0] * size[1] * size[2]; }
};

// Element step along axis 0/1/2 (x/y/z) of an x-fastest array of the given size.
inline int64_t axis_stride(const std::array<int64_t, 3>& size, int axis) {
  return axis == 0 ? 1 : axis == 1 ? size[0] : size[0] * size[1];
}

// The 2D or 3D region an item stands for, as a strided view into its sample (no copy). For a slice
// along x the view's (width, height) are (y, z); along y (x, z); along z (x, y).
struct ItemView {
  std::vector<const float*> image;          // every image channel at the view's origin (same strides)
  const uint8_t* label = nullptr;
  const float* distance = nullptr;          // first map at the view's origin; nullptr: no maps
  int distance_channels = 0;
  int64_t distance_channel_step = 0;        // element step from one map to the next (the sample's voxels)
  std::array<int64_t, 3> size{1, 1, 1};    // width, height, depth
  std::array<int64_t, 3> stride{1, 1, 1};  // element step along width, height, depth
};

// Throws std::out_of_range when the item does not fit the sample.
ItemView item_view(const Sample& sample, const Item& item);
// The same, with the cache's distance maps of the item's sample when it has any.
ItemView item_view(const SampleCache& cache, const Item& item);

// Cuts a patch of patch_size (x, y, z) from the view. Where the view is larger, the crop position is
// uniform; where it is smaller, the view is placed at a uniform offset inside the patch and the rest is
// zero (image 0 in every channel, label 0). With probability foreground_p the crop is instead centred on a voxel drawn
// uniformly from the view's foreground (label > 0), clamped to the same position range (nnU-Net's
// foreground oversampling); a view without foreground falls back to the uniform crop.
// Distance maps are cropped the same way. A padded voxel takes the map value of the nearest view voxel,
// raised to >= 0: padding is background, and this is a lower bound of its true distance to any class.
// Cost O(patch) plus O(view) for a foreground draw. Deterministic given rng.
Patch crop_patch(const ItemView& view, const std::array<int64_t, 3>& patch_size, double foreground_p,
                 std::mt19937_64& rng);

}  // namespace hypera::data
