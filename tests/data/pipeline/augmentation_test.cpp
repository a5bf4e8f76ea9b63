// Cropping, flips, rotations, intensity and elastic deformation on real patches.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "data/pipeline/augmentation.h"
#include "data/pipeline/elastic.h"
#include "pipeline_fixtures.h"

namespace hypera::data {
namespace {

const SampleCache& bbbc039_cache() {
  static const auto cache = SampleCache::of_split(
      PreparedDataset::open(testing::small_bbbc039_three_class().path), "training");
  return *cache;
}

const SampleCache& ch2_cache() {
  static const auto cache = SampleCache::of_split(PreparedDataset::open(testing::ch2_slabs().path), "training");
  return *cache;
}

// A foreground-centred crop of a real label map whose image is the label itself.
Patch label_patch(const Sample& sample, const std::array<int64_t, 3>& size, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Patch patch = crop_patch(item_view(sample, {0, -1, 0}), size, 1.0, rng);
  std::transform(patch.label.begin(), patch.label.end(), patch.image.begin(), [](uint8_t v) { return float(v); });
  return patch;
}

bool aligned(const Patch& patch) {
  for (size_t i = 0; i < patch.label.size(); ++i) {
    if (patch.image[i] != static_cast<float>(patch.label[i])) return false;
  }
  return true;
}

void expect_spatial_transforms_keep_alignment(const Sample& sample, const std::array<int64_t, 3>& size) {
  AugmentationParams params;
  params.intensity = 0;
  int changed = 0;
  for (uint64_t seed = 0; seed < 24; ++seed) {
    Patch patch = label_patch(sample, size, seed);
    const std::vector<uint8_t> before = patch.label;
    std::mt19937_64 rng(seed + 1000);
    augment(patch, params, rng);
    ASSERT_TRUE(aligned(patch)) << "seed " << seed;
    changed += patch.label != before;
    std::vector<uint8_t> sorted_before = before, sorted_after = patch.label;
    std::sort(sorted_before.begin(), sorted_before.end());
    std::sort(sorted_after.begin(), sorted_after.end());
    EXPECT_EQ(sorted_before, sorted_after) << "not a permutation, seed " << seed;
  }
  EXPECT_GE(changed, 12);
}

TEST(Augmentation, FlipsAndRotationsKeepImageAndLabelAligned2D) {
  expect_spatial_transforms_keep_alignment(bbbc039_cache()[0], {96, 96, 1});
  expect_spatial_transforms_keep_alignment(bbbc039_cache()[1], {96, 64, 1});  // 180 degrees only
}

TEST(Augmentation, FlipsAndRotationsKeepImageAndLabelAligned3D) {
  expect_spatial_transforms_keep_alignment(ch2_cache()[1], {24, 24, 16});
}

TEST(Augmentation, QuarterTurnAndFlipsMovePixelsAsDocumented) {
  Patch patch;
  patch.size = {4, 4, 1};
  patch.image.assign(16, 0.0f);
  patch.label.assign(16, 0);
  patch.image[1] = 5.0f;  // (x=1, y=0)
  patch.label[1] = 1;
  rotate90(patch, 1);     // out(x, y) = in(3 - y, x): the marker moves to (0, 2)
  EXPECT_EQ(patch.image[2 * 4 + 0], 5.0f);
  EXPECT_EQ(patch.label[2 * 4 + 0], 1);
  rotate90(patch, 3);
  EXPECT_EQ(patch.image[1], 5.0f);
  flip(patch, 0);
  EXPECT_EQ(patch.image[2], 5.0f);
  flip(patch, 1);
  EXPECT_EQ(patch.image[3 * 4 + 2], 5.0f);

  Patch wide;
  wide.size = {4, 2, 1};
  wide.image.assign(8, 0.0f);
  wide.label.assign(8, 0);
  wide.image[0] = 1.0f;
  rotate90(wide, 2);
  EXPECT_EQ(wide.image[7], 1.0f);
  EXPECT_THROW(rotate90(wide, 1), std::invalid_argument);
}

TEST(Augmentation, IntensityScalesAndShiftsWithinBoundsAndLeavesLabels) {
  const Sample& sample = bbbc039_cache()[0];
  std::mt19937_64 rng(3);
  Patch patch = crop_patch(item_view(sample, {0, -1, 0}), {128, 128, 1}, 1.0, rng);
  const Patch before = patch;
  AugmentationParams params;
  params.flip_p = params.rotate_p = 0;
  params.intensity = 0.1;
  augment(patch, params, rng);
  EXPECT_EQ(patch.label, before.label);
  const auto high = std::max_element(before.image.begin(), before.image.end()) - before.image.begin();
  const auto low = std::min_element(before.image.begin(), before.image.end()) - before.image.begin();
  ASSERT_GT(before.image[high] - before.image[low], 0.2f);
  const double scale = (patch.image[high] - patch.image[low]) / (before.image[high] - before.image[low]);
  const double shift = patch.image[low] - scale * before.image[low];
  EXPECT_NE(scale, 1.0);
  EXPECT_LE(std::abs(scale - 1), 0.1 + 1e-5);
  EXPECT_LE(std::abs(shift), 0.1 + 1e-5);
  for (size_t i = 0; i < patch.image.size(); ++i) {
    ASSERT_NEAR(patch.image[i], scale * before.image[i] + shift, 1e-4);
  }
}

TEST(Elastic, LabelsStayInTheLabelSetAndImagesInTheirRange) {
  for (const std::array<int64_t, 3>& size : {std::array<int64_t, 3>{128, 128, 1}, std::array<int64_t, 3>{24, 24, 24}}) {
    const Sample& sample = size[2] == 1 ? bbbc039_cache()[2] : ch2_cache()[0];
    std::mt19937_64 rng(11);
    const Patch before = crop_patch(item_view(sample, {0, -1, 0}), size, 1.0, rng);
    Patch patch = before;
    std::mt19937_64 deform_rng(5);
    elastic_deform(patch, 8, 4, deform_rng);
    const std::set<uint8_t> allowed(before.label.begin(), before.label.end());
    for (uint8_t v : patch.label) ASSERT_TRUE(allowed.count(v)) << int(v);
    const auto [low, high] = std::minmax_element(before.image.begin(), before.image.end());
    for (float v : patch.image) ASSERT_TRUE(v >= *low - 1e-6f && v <= *high + 1e-6f) << v;
    const auto changed = std::inner_product(patch.label.begin(), patch.label.end(), before.label.begin(), 0,
                                            std::plus<>(), std::not_equal_to<>());
    EXPECT_GT(changed, 0);
    EXPECT_LT(changed, static_cast<int>(patch.label.size() / 3));

    Patch again = before;
    std::mt19937_64 same_rng(5);
    elastic_deform(again, 8, 4, same_rng);
    EXPECT_EQ(again.image, patch.image);
    EXPECT_EQ(again.label, patch.label);
  }
}

TEST(Elastic, AlphaIsTheLargestDisplacementInPixels) {
  // On an image equal to its x coordinate, the deformed value minus x is the x displacement.
  Patch ramp;
  ramp.size = {96, 96, 1};
  ramp.image.resize(96 * 96);
  ramp.label.assign(96 * 96, 0);
  for (int64_t i = 0; i < 96 * 96; ++i) ramp.image[i] = static_cast<float>(i % 96);
  std::mt19937_64 rng(9);
  elastic_deform(ramp, 6, 4, rng);
  float largest = 0;
  for (int64_t i = 0; i < 96 * 96; ++i) largest = std::max(largest, std::abs(ramp.image[i] - float(i % 96)));
  EXPECT_LE(largest, 6.0f + 1e-3f);
  EXPECT_GT(largest, 2.0f);

  Patch still = ramp;
  elastic_deform(still, 0, 4, rng);
  EXPECT_EQ(still.image, ramp.image);
}

TEST(Crop, ForegroundOversamplingHitsForeground) {
  const Sample& sample = bbbc039_cache()[0];
  const ItemView view = item_view(sample, {0, -1, 0});
  const auto has_foreground = [](const Patch& patch) {
    return std::any_of(patch.label.begin(), patch.label.end(), [](uint8_t v) { return v > 0; });
  };
  std::mt19937_64 rng(17);
  int uniform_hits = 0;
  for (int i = 0; i < 200; ++i) {
    const Patch patch = crop_patch(view, {12, 12, 1}, 1.0, rng);
    ASSERT_TRUE(has_foreground(patch)) << "crop " << i;
    uniform_hits += has_foreground(crop_patch(view, {12, 12, 1}, 0.0, rng));
  }
  EXPECT_LT(uniform_hits, 200);
}

TEST(Crop, SmallerViewsArePaddedWithZeros) {
  const Sample& sample = bbbc039_cache()[0];
  std::mt19937_64 rng(1);
  const Patch patch = crop_patch(item_view(sample, {0, -1, 0}), {700, 600, 1}, 0.0, rng);
  const double patch_sum = std::accumulate(patch.image.begin(), patch.image.end(), 0.0);
  const double image_sum = std::accumulate(sample.channels[0].voxels.begin(), sample.channels[0].voxels.end(), 0.0);
  EXPECT_NEAR(patch_sum, image_sum, 1e-6 * image_sum);
  const int64_t labelled = std::count_if(patch.label.begin(), patch.label.end(), [](uint8_t v) { return v; });
  EXPECT_EQ(labelled, std::count_if(sample.label.voxels.begin(), sample.label.voxels.end(), [](uint8_t v) { return v; }));
  int64_t zero_rows = 0;
  for (int64_t y = 0; y < 600; ++y) {
    zero_rows += std::all_of(&patch.image[y * 700], &patch.image[y * 700] + 700, [](float v) { return v == 0; });
  }
  EXPECT_GE(zero_rows, 80);
}

TEST(Crop, SliceViewsReadTheRightVoxels) {
  const Sample& slab = ch2_cache()[2];
  const Geometry& g = slab.channels[0].geometry;
  const ItemView along_x = item_view(slab, {0, 0, 90});
  const ItemView along_y = item_view(slab, {0, 1, 100});
  const ItemView along_z = item_view(slab, {0, 2, 7});
  EXPECT_EQ(along_x.size, (std::array<int64_t, 3>{g.ny(), g.nz(), 1}));
  EXPECT_EQ(along_y.size, (std::array<int64_t, 3>{g.nx(), g.nz(), 1}));
  EXPECT_EQ(along_z.size, (std::array<int64_t, 3>{g.nx(), g.ny(), 1}));
  for (int64_t h = 0; h < g.nz(); h += 5) {
    for (int64_t w = 0; w < g.ny(); w += 7) {
      EXPECT_EQ(along_x.image[0][w * along_x.stride[0] + h * along_x.stride[1]], slab.channels[0].at(90, w, h));
    }
    for (int64_t w = 0; w < g.nx(); w += 7) {
      EXPECT_EQ(along_y.label[w * along_y.stride[0] + h * along_y.stride[1]], slab.label.at(w, 100, h));
    }
  }
  EXPECT_EQ(along_z.image[0][30 * along_z.stride[0] + 40 * along_z.stride[1]], slab.channels[0].at(30, 40, 7));
  EXPECT_THROW(item_view(slab, {0, 2, static_cast<int32_t>(g.nz())}), std::out_of_range);
}

}  // namespace
}  // namespace hypera::data
