// Items of a split and their per-rank shards.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/input_error.h"
#include "data/pipeline/items.h"
#include "pipeline_fixtures.h"

namespace hypera::data {
namespace {

std::vector<Item> numbered_items(int32_t count) {
  std::vector<Item> items;
  for (int32_t i = 0; i < count; ++i) items.push_back({i / 10, 2, i % 10});
  return items;
}

TEST(MakeItems, TwoDimensionalSamplesAreWholeItems) {
  const PreparedDataset dataset = PreparedDataset::open(testing::small_bbbc039_three_class().path);
  const auto cache = SampleCache::of_split(dataset, "training");
  ASSERT_EQ(cache->size(), 3);
  for (int dims : {2, 3}) {
    const std::vector<Item> items = make_items(*cache, dims);
    ASSERT_EQ(items.size(), 3u);
    for (int32_t i = 0; i < 3; ++i) EXPECT_EQ(items[i], (Item{i, -1, 0}));
  }
}

TEST(MakeItems, VolumesGiveOneItemPerSliceAlongTheAxis) {
  const PreparedDataset dataset = PreparedDataset::open(testing::ch2_slabs().path);
  const auto cache = SampleCache::of_split(dataset, "training");
  ASSERT_EQ(cache->size(), 3);
  int64_t depth = 0;
  for (const Sample& sample : cache->samples()) depth += sample.channels[0].geometry.nz();
  EXPECT_EQ(make_items(*cache, 2, 2).size(), static_cast<size_t>(depth));
  EXPECT_EQ(make_items(*cache, 2, 0).size(), 3u * 181);
  EXPECT_EQ(make_items(*cache, 2, 1).size(), 3u * 217);
  EXPECT_EQ(make_items(*cache, 3).size(), 3u);
  const std::vector<Item> along_y = make_items(*cache, 2, 1);
  EXPECT_EQ(along_y[217], (Item{1, 1, 0}));
  EXPECT_THROW(make_items(*cache, 4), std::invalid_argument);
}

TEST(ShardItems, RanksGetEqualDisjointSharesAndOnlyTheRemainderIsDropped) {
  const std::vector<Item> all = numbered_items(103);
  for (int world : {1, 2, 4, 8}) {
    std::set<Item> seen;
    for (int rank = 0; rank < world; ++rank) {
      const std::vector<Item> shard = shard_items(all, 3, 42, rank, world);
      EXPECT_EQ(shard.size(), all.size() / world);
      for (const Item& item : shard) EXPECT_TRUE(seen.insert(item).second) << "item on two ranks";
    }
    EXPECT_EQ(seen.size(), all.size() / world * world);
    for (const Item& item : seen) EXPECT_TRUE(std::find(all.begin(), all.end(), item) != all.end());
  }
}

TEST(ShardItems, DeterministicPerEpochAndDifferentAcrossEpochsAndSeeds) {
  const std::vector<Item> all = numbered_items(100);
  EXPECT_EQ(shard_items(all, 5, 7, 1, 4), shard_items(all, 5, 7, 1, 4));
  EXPECT_NE(shard_items(all, 5, 7, 1, 4), shard_items(all, 6, 7, 1, 4));
  EXPECT_NE(shard_items(all, 5, 7, 1, 4), shard_items(all, 5, 8, 1, 4));
  const std::vector<Item> everything = shard_items(all, 0, 7, 0, 1);
  EXPECT_NE(everything, all);  // permuted
  EXPECT_TRUE(std::is_permutation(everything.begin(), everything.end(), all.begin()));
}

TEST(ShardItems, DroppedItemsChangeFromEpochToEpoch) {
  const std::vector<Item> all = numbered_items(10);
  std::set<Item> ever_used;
  for (int64_t epoch = 0; epoch < 20; ++epoch) {
    for (int rank = 0; rank < 4; ++rank) {
      for (const Item& item : shard_items(all, epoch, 1, rank, 4)) ever_used.insert(item);
    }
  }
  EXPECT_EQ(ever_used.size(), all.size());
}

TEST(ShardItems, RefusesTooFewItemsAndBadRanks) {
  EXPECT_THROW(shard_items(numbered_items(3), 0, 1, 0, 4), InputError);
  EXPECT_THROW(shard_items(numbered_items(8), 0, 1, 4, 4), std::invalid_argument);
  EXPECT_THROW(shard_items(numbered_items(8), 0, 1, 0, 0), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::data
