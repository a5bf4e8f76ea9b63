// The prefetching loader: deterministic batches for any worker count, shapes, the remainder batch, early stop,
// an epoch started at a later batch (a resume inside an epoch).
#include <gtest/gtest.h>

#include "data/pipeline/batch_loader.h"
#include "pipeline_fixtures.h"

namespace hypera::data {
namespace {

std::shared_ptr<const SampleCache> bbbc039_training() {
  static const auto cache = SampleCache::of_split(
      PreparedDataset::open(testing::small_bbbc039_three_class().path), "training");
  return cache;
}

// 3 samples, repeated to give `count` items.
std::vector<Item> repeated_items(int count) {
  std::vector<Item> items;
  for (int i = 0; i < count; ++i) items.push_back({i % 3, -1, 0});
  return items;
}

AugmentationParams everything_on() {
  AugmentationParams params;
  params.elastic_p = 0.5;
  return params;
}

std::vector<Batch> whole_epoch(BatchLoader& loader) {
  std::vector<Batch> batches;
  while (auto batch = loader.next()) batches.push_back(std::move(*batch));
  return batches;
}

TEST(BatchLoader, OneAndThreeWorkersGiveIdenticalBatches) {
  torch::set_num_threads(1);
  BatchLoader one(bbbc039_training(), 1);
  BatchLoader three(bbbc039_training(), 3, 2);
  const std::vector<Item> items = repeated_items(24);
  one.start_epoch(items, 4, {64, 64, 1}, everything_on(), 123);
  three.start_epoch(items, 4, {64, 64, 1}, everything_on(), 123);
  const std::vector<Batch> a = whole_epoch(one);
  const std::vector<Batch> b = whole_epoch(three);
  ASSERT_EQ(a.size(), 6u);
  ASSERT_EQ(b.size(), 6u);
  for (size_t k = 0; k < a.size(); ++k) {
    EXPECT_TRUE(torch::equal(a[k].image, b[k].image)) << "batch " << k;
    EXPECT_TRUE(torch::equal(a[k].label, b[k].label)) << "batch " << k;
  }
  EXPECT_FALSE(torch::equal(a[0].image, a[1].image));

  one.start_epoch(items, 4, {64, 64, 1}, everything_on(), 124);
  EXPECT_FALSE(torch::equal(one.next()->image, a[0].image)) << "the seed changes nothing";
}

TEST(BatchLoader, ShapesTypesAndLabelRange2D) {
  torch::set_num_threads(1);
  BatchLoader loader(bbbc039_training(), 2);
  loader.start_epoch(repeated_items(8), 8, {96, 80, 1}, everything_on(), 1);
  ASSERT_EQ(loader.batches_in_epoch(), 1);
  const std::optional<Batch> batch = loader.next();
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->image.sizes(), (std::vector<int64_t>{8, 1, 80, 96}));
  EXPECT_EQ(batch->label.sizes(), (std::vector<int64_t>{8, 80, 96}));
  EXPECT_EQ(batch->image.scalar_type(), torch::kFloat32);
  EXPECT_EQ(batch->label.scalar_type(), torch::kInt64);
  EXPECT_GE(batch->label.min().item<int64_t>(), 0);
  EXPECT_EQ(batch->label.max().item<int64_t>(), 2);  // foreground oversampling: boundaries are in there
  EXPECT_FALSE(loader.next());
  EXPECT_GE(loader.wait_seconds(), 0.0);
}

TEST(BatchLoader, ThreeDimensionalBatchesFromVolumeSlabs) {
  torch::set_num_threads(1);
  const auto cache = SampleCache::of_split(PreparedDataset::open(testing::ch2_slabs().path), "training");
  BatchLoader loader(cache, 2);
  loader.start_epoch(make_items(*cache, 3), 2, {32, 32, 24}, everything_on(), 5);
  const std::optional<Batch> batch = loader.next();
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->image.sizes(), (std::vector<int64_t>{2, 1, 24, 32, 32}));
  EXPECT_EQ(batch->label.sizes(), (std::vector<int64_t>{2, 24, 32, 32}));
  EXPECT_LE(batch->label.max().item<int64_t>(), 1);
  const std::optional<Batch> remainder = loader.next();
  ASSERT_TRUE(remainder) << "3 items in batches of 2: the last batch holds the remaining item";
  EXPECT_EQ(remainder->image.sizes(), (std::vector<int64_t>{1, 1, 24, 32, 32}));
  EXPECT_EQ(remainder->label.sizes(), (std::vector<int64_t>{1, 24, 32, 32}));
  EXPECT_FALSE(loader.next());

  loader.start_epoch(make_items(*cache, 2, 0), 4, {64, 48, 1}, everything_on(), 5);
  EXPECT_EQ(loader.batches_in_epoch(), (3 * 181 + 3) / 4);
  EXPECT_EQ(loader.next()->image.sizes(), (std::vector<int64_t>{4, 1, 48, 64}));
  EXPECT_THROW(loader.start_epoch(make_items(*cache, 2, 0), 4, {64, 48, 8}, everything_on(), 5),
               std::invalid_argument);
}

TEST(BatchLoader, TheLastBatchHoldsTheRemainder) {
  torch::set_num_threads(1);
  BatchLoader loader(bbbc039_training(), 3);
  loader.start_epoch(repeated_items(11), 4, {32, 32, 1}, AugmentationParams{}, 9);
  EXPECT_EQ(loader.batches_in_epoch(), 3);
  const auto batches = whole_epoch(loader);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].image.size(0), 4);
  EXPECT_EQ(batches[2].image.size(0), 3) << "every one of the 11 items is used";
  EXPECT_FALSE(loader.next());
  loader.start_epoch(repeated_items(3), 4, {32, 32, 1}, AugmentationParams{}, 9);
  ASSERT_EQ(loader.batches_in_epoch(), 1);
  EXPECT_EQ(loader.next()->label.size(0), 3);
  EXPECT_FALSE(loader.next());
}

TEST(BatchLoader, StoppingMidEpochNeitherHangsNorChangesTheNextEpoch) {
  torch::set_num_threads(1);
  const std::vector<Item> items = repeated_items(60);
  std::vector<Batch> reference;
  {
    BatchLoader fresh(bbbc039_training(), 2);
    fresh.start_epoch(items, 3, {48, 48, 1}, everything_on(), 77);
    reference = whole_epoch(fresh);
  }
  BatchLoader loader(bbbc039_training(), 3, 2);
  loader.start_epoch(items, 3, {48, 48, 1}, everything_on(), 1);
  ASSERT_TRUE(loader.next());  // workers are now blocked on the full queue
  loader.start_epoch(items, 3, {48, 48, 1}, everything_on(), 77);
  const std::vector<Batch> restarted = whole_epoch(loader);
  ASSERT_EQ(restarted.size(), reference.size());
  for (size_t k = 0; k < reference.size(); ++k) EXPECT_TRUE(torch::equal(restarted[k].image, reference[k].image));

  for (int i = 0; i < 5; ++i) {
    BatchLoader abandoned(bbbc039_training(), 3, 1);
    abandoned.start_epoch(items, 3, {48, 48, 1}, everything_on(), static_cast<uint64_t>(i));
    if (i % 2) abandoned.next();
  }  // each destructor joins its workers
}

TEST(BatchLoader, AnEpochStartedAtALaterBatchGivesThatEpochsRemainingBatches) {
  torch::set_num_threads(1);
  BatchLoader loader(bbbc039_training(), 2);
  const std::vector<Item> items = repeated_items(22);  // 6 batches, the last of 2 items
  loader.start_epoch(items, 4, {48, 48, 1}, everything_on(), 31);
  const std::vector<Batch> whole = whole_epoch(loader);
  loader.start_epoch(items, 4, {48, 48, 1}, everything_on(), 31, 4);
  const std::vector<Batch> rest = whole_epoch(loader);
  ASSERT_EQ(rest.size(), 2u);
  for (size_t k = 0; k < rest.size(); ++k) {
    EXPECT_TRUE(torch::equal(rest[k].image, whole[4 + k].image)) << "batch " << 4 + k;
    EXPECT_TRUE(torch::equal(rest[k].label, whole[4 + k].label)) << "batch " << 4 + k;
  }
  loader.start_epoch(items, 4, {48, 48, 1}, everything_on(), 31, 6);
  EXPECT_FALSE(loader.next()) << "starting after the last batch leaves nothing";
  EXPECT_THROW(loader.start_epoch(items, 4, {48, 48, 1}, everything_on(), 31, 7), std::invalid_argument);
  EXPECT_THROW(loader.start_epoch(items, 4, {48, 48, 1}, everything_on(), 31, -1), std::invalid_argument);
}

TEST(BatchLoader, RejectsBadArguments) {
  EXPECT_THROW(BatchLoader(bbbc039_training(), 0), std::invalid_argument);
  BatchLoader loader(bbbc039_training(), 1);
  EXPECT_THROW(loader.start_epoch(repeated_items(4), 0, {32, 32, 1}, {}, 0), std::invalid_argument);
  EXPECT_THROW(loader.start_epoch(repeated_items(4), 2, {32, 0, 1}, {}, 0), std::invalid_argument);
  EXPECT_THROW(loader.start_epoch({{7, -1, 0}}, 1, {32, 32, 1}, {}, 0), std::invalid_argument);
  EXPECT_FALSE(loader.next());
}

}  // namespace
}  // namespace hypera::data
