// The boundary term's data path on the real brain MRI: core's signed distance maps, computed by the sample
// cache's hook, arrive in batches with their label through crops, flips and rotations.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>

#include "core/seg/signed_distance.h"
#include "data/pipeline/batch_loader.h"
#include "train_fixtures.h"

namespace hypera::core {
namespace {

std::shared_ptr<const data::SampleCache> mri_training_with_maps() {
  static const auto cache = data::SampleCache::of_split(
      data::PreparedDataset::open(testing::prepared_mri()), "training",
      [](const data::Sample& sample) { return foreground_signed_distance_maps(sample.label, 2); });
  return cache;
}

// The z slices of sample 0 that hold brain.
std::vector<data::Item> brain_slices(const data::SampleCache& cache) {
  const data::Sample& sample = cache[0];
  const auto& g = sample.label.geometry;
  std::vector<data::Item> items;
  for (int64_t z = 0; z < g.nz(); ++z) {
    const auto begin = sample.label.voxels.begin() + z * g.nx() * g.ny();
    if (std::find(begin, begin + g.nx() * g.ny(), 1) != begin + g.nx() * g.ny()) {
      items.push_back({0, 2, static_cast<int32_t>(z)});
    }
  }
  return items;
}

TEST(BoundaryMaps, WholeSlicesTurnedHalfWayCarryTheTurnedMapExactly) {
  torch::set_num_threads(1);
  const auto cache = mri_training_with_maps();
  ASSERT_EQ(cache->distance_channels(), 1);
  const data::Sample& sample = (*cache)[0];
  const auto& g = sample.label.geometry;
  const std::vector<data::Item> items = brain_slices(*cache);
  ASSERT_GE(items.size(), 4u);
  data::AugmentationParams params;
  params.flip_p = 1.0;  // x and y flipped: a half turn, exact on any plane
  params.rotate_p = 0.0;
  params.intensity = 0.0;
  data::BatchLoader loader(cache, 1);
  loader.start_epoch({items.begin(), items.begin() + 4}, 4, {g.nx(), g.ny(), 1}, params, 5);
  const auto batch = loader.next();
  ASSERT_TRUE(batch);
  const torch::Tensor full = torch::from_blob(const_cast<float*>(cache->distance_maps(0).data()),
                                              {g.nz(), g.ny(), g.nx()}, torch::kFloat32);
  for (int64_t i = 0; i < 4; ++i) {
    const torch::Tensor expected = full[items[static_cast<size_t>(i)].slice].flip({0, 1});
    EXPECT_TRUE(torch::equal(batch->distance[i][0], expected)) << "item " << i;
  }
}

TEST(BoundaryMaps, AugmentedPatchesKeepTheSignConventionWithTheirLabels) {
  torch::set_num_threads(1);
  const auto cache = mri_training_with_maps();
  std::vector<data::Item> items = brain_slices(*cache);
  items.resize(16);
  data::AugmentationParams params;
  params.rotate_p = 0.7;
  data::BatchLoader loader(cache, 2);
  loader.start_epoch(items, 8, {64, 64, 1}, params, 11);
  int64_t inside = 0, outside = 0;
  while (auto batch = loader.next()) {
    const torch::Tensor phi = batch->distance.select(1, 0);
    const torch::Tensor brain = batch->label == 1;
    // phi <= 0 on the class (0 on its surface), > 0 off it.
    EXPECT_TRUE(torch::all(phi.masked_select(brain) <= 0).item<bool>());
    EXPECT_TRUE(torch::all(phi.masked_select(brain.logical_not()) > 0).item<bool>());
    inside += brain.sum().item<int64_t>();
    outside += brain.logical_not().sum().item<int64_t>();
  }
  EXPECT_GT(inside, 0);
  EXPECT_GT(outside, 0);
}

}  // namespace
}  // namespace hypera::core
