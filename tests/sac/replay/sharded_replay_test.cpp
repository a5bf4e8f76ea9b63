// ShardedReplay: every shard of a stream keeps exactly the ids it owns, the shards together hold the stream
// once, contents() returns ids with their own transitions, and restore() re-partitions the union of any
// number of old shards for another number of shards.
#include <gtest/gtest.h>

#include <set>

#include "sac/replay/replay_factory.h"
#include "sac/replay/sharded_replay.h"
#include "sac/replay/replay_test_support.h"

namespace hypera::sac {
namespace {

using test::numbered;

std::unique_ptr<ShardedReplay> shard(int index, int shards, int64_t capacity = 100, bool prioritized = false) {
  return std::make_unique<ShardedReplay>(make_replay_buffer(prioritized, capacity, 2, 1, {}), index, shards);
}

// Transition k of the stream encodes k, so a row tells its sequence id.
void offer(ShardedReplay& replay, int count) {
  for (int k = 0; k < count; ++k) replay.add(numbered(float(k)));
}

SequencedTransitions union_of(const std::vector<std::unique_ptr<ShardedReplay>>& shards) {
  SequencedTransitions all;
  std::vector<torch::Tensor> states, actions, rewards, next_states, discounts;
  for (const auto& s : shards) {
    SequencedTransitions part = s->contents();
    all.ids.insert(all.ids.end(), part.ids.begin(), part.ids.end());
    states.push_back(part.batch.states);
    actions.push_back(part.batch.actions);
    rewards.push_back(part.batch.rewards);
    next_states.push_back(part.batch.next_states);
    discounts.push_back(part.batch.discounts);
  }
  all.batch = {torch::cat(states), torch::cat(actions), torch::cat(rewards), torch::cat(next_states),
               torch::cat(discounts), {}, {}};
  return all;
}

TEST(ShardedReplay, ShardsAreDisjointAndHoldTheStreamOnce) {
  std::vector<std::unique_ptr<ShardedReplay>> shards;
  for (int r = 0; r < 3; ++r) {
    shards.push_back(shard(r, 3));
    offer(*shards.back(), 10);
  }
  std::set<int64_t> seen;
  for (int r = 0; r < 3; ++r) {
    const SequencedTransitions part = shards[r]->contents();
    EXPECT_EQ(shards[r]->size(), r == 0 ? 4 : 3);
    EXPECT_EQ(shards[r]->offered(), 10);
    EXPECT_EQ(shards[r]->union_size(), 10);
    for (size_t i = 0; i < part.ids.size(); ++i) {
      EXPECT_EQ(part.ids[i] % 3, r);
      EXPECT_FLOAT_EQ(part.batch.rewards[int64_t(i)].item<float>(), float(part.ids[i])) << "row and id disagree";
      EXPECT_TRUE(seen.insert(part.ids[i]).second);
    }
  }
  EXPECT_EQ(seen.size(), 10u);
}

TEST(ShardedReplay, OverwritesItsOwnOldestAndKeepsIdsOfTheLiveSlots) {
  auto replay = shard(1, 2, /*capacity=*/3);
  offer(*replay, 12);  // keeps 1, 3, 5, 7, 9, 11; the last three live
  const SequencedTransitions part = replay->contents();
  EXPECT_EQ(part.ids, (std::vector<int64_t>{7, 9, 11}));
  EXPECT_FLOAT_EQ(part.batch.rewards[0].item<float>(), 7.0f);
  EXPECT_EQ(replay->union_size(), 6);
}

TEST(ShardedReplay, RestoreRepartitionsTwoShardsIntoThree) {
  std::vector<std::unique_ptr<ShardedReplay>> old;
  for (int r = 0; r < 2; ++r) {
    old.push_back(shard(r, 2, 100, /*prioritized=*/true));
    offer(*old.back(), 11);
  }
  const SequencedTransitions all = union_of(old);
  std::set<int64_t> seen;
  for (int r = 0; r < 3; ++r) {
    auto fresh = shard(r, 3, 100, true);
    fresh->restore(all, 11);
    EXPECT_EQ(fresh->offered(), 11);
    const SequencedTransitions part = fresh->contents();
    for (size_t i = 0; i < part.ids.size(); ++i) {
      EXPECT_EQ(part.ids[i] % 3, r);
      EXPECT_FLOAT_EQ(part.batch.rewards[int64_t(i)].item<float>(), float(part.ids[i]));
      seen.insert(part.ids[i]);
    }
    fresh->add(numbered(11));  // the stream continues at id 11, which shard 2 owns
    EXPECT_EQ(fresh->contents().ids.back() == 11, r == 2);
  }
  EXPECT_EQ(seen.size(), 11u);
}

TEST(ShardedReplay, RestoreRefusesAFilledShardAndIdsBeyondTheStream) {
  auto filled = shard(0, 1);
  offer(*filled, 2);
  EXPECT_THROW(filled->restore(filled->contents(), 2), std::logic_error);
  EXPECT_THROW(shard(0, 1)->restore(filled->contents(), 1), std::invalid_argument);
  EXPECT_THROW(shard(2, 2), std::invalid_argument);
}

TEST(ShardedReplay, SaveLoadKeepsIdsAndTheStreamPosition) {
  auto replay = shard(0, 2, 4);
  offer(*replay, 13);
  torch::serialize::OutputArchive out;
  replay->save(out);
  std::ostringstream bytes;
  out.save_to(bytes);
  torch::serialize::InputArchive in;
  const std::string data = bytes.str();
  in.load_from(data.data(), data.size());
  auto loaded = shard(0, 2, 4);
  loaded->load(in);
  EXPECT_EQ(loaded->contents().ids, replay->contents().ids);
  EXPECT_EQ(loaded->offered(), 13);
  loaded->add(numbered(13));
  replay->add(numbered(13));
  loaded->add(numbered(14));
  replay->add(numbered(14));
  EXPECT_EQ(loaded->contents().ids, replay->contents().ids);
}

}  // namespace
}  // namespace hypera::sac
