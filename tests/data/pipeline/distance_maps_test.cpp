// Distance maps that travel with the label: computed once per sample by the cache's hook, cropped,
// flipped, rotated and warped with the label, and stacked into batches.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "data/pipeline/augmentation.h"
#include "data/pipeline/batch_loader.h"
#include "data/pipeline/elastic.h"
#include "pipeline_fixtures.h"

namespace hypera::data {
namespace {

// Two maps whose values name the voxel they were made for: map k at (x, y) holds
// s * (1 + x + 1000 * y + 1000000 * k), s = -1 on class k + 1 and +1 elsewhere (exact in float32 for
// BBBC039's 696 x 520 images). After any permutation, a value tells where it came from.
std::vector<float> coordinate_maps(const Sample& sample) {
  const auto& g = sample.label.geometry;
  std::vector<float> maps(static_cast<size_t>(2 * g.voxel_count()));
  for (int k = 0; k < 2; ++k) {
    for (int64_t y = 0, i = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x, ++i) {
        const float sign = sample.label.voxels[i] == k + 1 ? -1.0f : 1.0f;
        maps[k * g.voxel_count() + i] = sign * static_cast<float>(1 + x + 1000 * y + 1000000 * k);
      }
    }
  }
  return maps;
}

struct Decoded {
  int k;
  int64_t x, y;
  bool negative;
};
Decoded decode(float value) {
  const auto v = static_cast<int64_t>(std::lround(std::abs(value))) - 1;
  return {static_cast<int>(v / 1000000), v % 1000, (v % 1000000) / 1000, value < 0};
}

const PreparedDataset& bbbc039() {
  static const PreparedDataset dataset = PreparedDataset::open(testing::small_bbbc039_three_class().path);
  return dataset;
}

TEST(DistanceMaps, ComputedOncePerSampleAndNeverAgain) {
  torch::set_num_threads(1);
  std::atomic<int> calls{0};
  const auto counting = [&](const Sample& sample) {
    ++calls;
    return coordinate_maps(sample);
  };
  const auto cache = SampleCache::of_split(bbbc039(), "training", counting);
  ASSERT_EQ(cache->size(), 3);
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(cache->distance_channels(), 2);
  EXPECT_EQ(cache->distance_maps(1), coordinate_maps((*cache)[1]));
  BatchLoader loader(cache, 2);
  for (uint64_t epoch = 0; epoch < 2; ++epoch) {
    loader.start_epoch({{0, -1, 0}, {1, -1, 0}, {2, -1, 0}, {0, -1, 0}}, 2, {64, 64, 1}, AugmentationParams{}, epoch);
    while (auto batch = loader.next()) EXPECT_EQ(batch->distance.size(1), 2);
  }
  EXPECT_EQ(calls.load(), 3) << "maps were recomputed after construction";
  EXPECT_EQ(SampleCache::of_split(bbbc039(), "training")->distance_channels(), 0);
}

TEST(DistanceMaps, FlippedAndRotatedBatchesCarryTheTransformedMaps) {
  torch::set_num_threads(1);
  const auto cache = SampleCache::of_split(bbbc039(), "training", coordinate_maps);
  BatchLoader loader(cache, 1);
  AugmentationParams params;  // flips and rotations often, no warp, no intensity change
  params.flip_p = 0.5;
  params.rotate_p = 0.8;
  params.intensity = 0;
  std::vector<Item> items;
  for (int i = 0; i < 12; ++i) items.push_back({i % 3, -1, 0});
  loader.start_epoch(items, 4, {48, 48, 1}, params, 77);
  int transposed = 0;  // patches whose x axis came from the sample's y axis (odd quarter turns)
  for (int64_t b = 0; auto batch = loader.next(); ++b) {
    ASSERT_EQ(batch->distance.sizes(), (std::vector<int64_t>{4, 2, 48, 48}));
    ASSERT_EQ(batch->distance.scalar_type(), torch::kFloat32);
    const auto maps = batch->distance.accessor<float, 4>();
    const auto image = batch->image.accessor<float, 4>();
    const auto label = batch->label.accessor<int64_t, 3>();
    for (int64_t i = 0; i < 4; ++i) {
      const Sample& sample = (*cache)[items[static_cast<size_t>(b * 4 + i)].sample];
      for (int k = 0; k < 2; ++k) {
        for (int64_t y = 0; y < 48; ++y) {
          for (int64_t x = 0; x < 48; ++x) {
            const Decoded d = decode(maps[i][k][y][x]);
            ASSERT_EQ(d.k, k);
            // The map value, the label and the image at this patch voxel all come from the same sample voxel.
            EXPECT_EQ(label[i][y][x], sample.label.at(d.x, d.y));
            EXPECT_EQ(image[i][0][y][x], sample.channels[0].at(d.x, d.y));
            EXPECT_EQ(d.negative, label[i][y][x] == k + 1);
          }
        }
      }
      transposed += decode(maps[i][0][0][1]).y != decode(maps[i][0][0][0]).y;
    }
  }
  EXPECT_GT(transposed, 0) << "no rotation by an odd number of quarter turns was exercised";
}

TEST(DistanceMaps, FlipAndQuarterTurnMoveMapsAsTheLabel) {
  Patch patch;
  patch.size = {3, 3, 1};
  patch.image.assign(9, 0.0f);
  patch.label = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  patch.distance_channels = 2;
  for (int k = 0; k < 2; ++k) {
    for (int i = 0; i < 9; ++i) patch.distance.push_back(static_cast<float>(10 * k + i));
  }
  flip(patch, 0);
  rotate90(patch, 1);
  for (int k = 0; k < 2; ++k) {
    for (int i = 0; i < 9; ++i) EXPECT_EQ(patch.distance[k * 9 + i], 10 * k + patch.label[i]) << k << " " << i;
  }
}

TEST(DistanceMaps, ElasticWarpInterpolatesMapsLinearlyLikeTheImage) {
  const auto cache = SampleCache::of_split(bbbc039(), "training", coordinate_maps);
  std::mt19937_64 rng(3);
  Patch patch = crop_patch(item_view(*cache, {0, -1, 0}), {64, 64, 1}, 1.0, rng);
  patch.image.assign(patch.distance.begin(), patch.distance.begin() + patch.voxel_count());
  const std::vector<float> before(patch.distance.begin(), patch.distance.begin() + patch.voxel_count());
  elastic_deform(patch, 6.0, 4.0, rng);
  ASSERT_EQ(patch.distance.size(), 2u * 64 * 64);
  EXPECT_NE(std::vector<float>(patch.distance.begin(), patch.distance.begin() + 64 * 64), before);
  for (int64_t i = 0; i < patch.voxel_count(); ++i) ASSERT_EQ(patch.distance[i], patch.image[i]) << i;
}

TEST(DistanceMaps, PaddingTakesTheNearestValueRaisedToZero) {
  // Map 0: 1 + x + 1000 y (positive, names its voxel); map 1: -1 everywhere (inside a class).
  const auto maps = [](const Sample& sample) {
    const auto& g = sample.label.geometry;
    std::vector<float> values(static_cast<size_t>(2 * g.voxel_count()), -1.0f);
    for (int64_t y = 0, i = 0; y < g.ny(); ++y) {
      for (int64_t x = 0; x < g.nx(); ++x, ++i) values[i] = static_cast<float>(1 + x + 1000 * y);
    }
    return values;
  };
  const auto cache = SampleCache::of_split(bbbc039(), "training", maps);
  std::mt19937_64 rng(9);
  const Patch patch = crop_patch(item_view(*cache, {0, -1, 0}), {700, 600, 1}, 0.0, rng);  // view 696 x 520
  const float* coordinate = patch.distance.data();
  const float* inside = patch.distance.data() + 700 * 600;
  // The view's origin in the patch: the first voxel of map 1 that is -1.
  const int64_t first = std::find(inside, inside + 700 * 600, -1.0f) - inside;
  const int64_t ox = first % 700, oy = first / 700;
  ASSERT_LE(ox, 4);
  ASSERT_LE(oy, 80);
  ASSERT_GT(ox + oy, 0) << "this seed should pad on the left or top";
  for (int64_t y = 0; y < 600; ++y) {
    for (int64_t x = 0; x < 700; ++x) {
      const int64_t vx = std::clamp<int64_t>(x - ox, 0, 695), vy = std::clamp<int64_t>(y - oy, 0, 519);
      const bool in_view = vx == x - ox && vy == y - oy;
      ASSERT_EQ(coordinate[y * 700 + x], static_cast<float>(1 + vx + 1000 * vy)) << x << "," << y;
      ASSERT_EQ(inside[y * 700 + x], in_view ? -1.0f : 0.0f) << x << "," << y;
    }
  }
}

TEST(DistanceMaps, SeveralThreadsComputeTheSameMapsOncePerSample) {
  std::atomic<int> calls{0};
  const auto counting = [&](const Sample& sample) {
    ++calls;
    return coordinate_maps(sample);
  };
  const auto cache = SampleCache::of_split(bbbc039(), "training", counting, 3);
  EXPECT_EQ(calls.load(), 3);
  for (int64_t i = 0; i < cache->size(); ++i) EXPECT_EQ(cache->distance_maps(i), coordinate_maps((*cache)[i])) << i;
  EXPECT_GT(cache->distance_map_seconds(), 0);
  const auto failing = [](const Sample& sample) -> std::vector<float> {
    if (sample.name == bbbc039().split("training").back()) throw std::runtime_error("no map for " + sample.name);
    return coordinate_maps(sample);
  };
  EXPECT_THROW(SampleCache::of_split(bbbc039(), "training", failing, 2), std::runtime_error);
}

TEST(DistanceMaps, MalformedMapsAreRefused) {
  const auto one_short = [](const Sample& sample) {
    return std::vector<float>(static_cast<size_t>(sample.label.geometry.voxel_count() - 1), 0.0f);
  };
  EXPECT_THROW(SampleCache::of_split(bbbc039(), "training", one_short), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::data
