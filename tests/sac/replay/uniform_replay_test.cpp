#include "sac/replay/uniform_replay.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "sac/replay/replay_factory.h"
#include "sac/replay/replay_test_support.h"

namespace hypera::sac {
namespace {

using test::chi_square;
using test::numbered;

class EveryBuffer : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { torch::set_num_threads(1); }
  std::unique_ptr<ReplayBuffer> make(int64_t capacity, int64_t state_dim = 2, int64_t action_dim = 1) const {
    return make_replay_buffer(GetParam(), capacity, state_dim, action_dim, PriorityOptions{});
  }
};

TEST_P(EveryBuffer, OverwritesTheOldestTransitionWhenFull) {
  auto buffer = make(3);
  for (int value = 0; value < 5; ++value) buffer->add(numbered(static_cast<float>(value)));
  EXPECT_EQ(buffer->size(), 3);
  EXPECT_EQ(buffer->capacity(), 3);
  // Slot 0 held transition 0, then 3; slot 1 held 1, then 4; slot 2 still holds 2.
  const std::vector<float> expected_in_slot = {3, 4, 2};
  std::mt19937_64 rng(11);
  const Batch batch = buffer->sample(300, rng);
  std::set<float> seen;
  for (int64_t k = 0; k < 300; ++k) {
    const int64_t slot = batch.indices[k];
    ASSERT_GE(slot, 0);
    ASSERT_LT(slot, 3);
    const float value = expected_in_slot[slot];
    ASSERT_EQ(batch.rewards[k].item<float>(), value);
    ASSERT_EQ(batch.states[k][1].item<float>(), value);
    ASSERT_EQ(batch.next_states[k][0].item<float>(), value + 1);
    ASSERT_FLOAT_EQ(batch.actions[k][0].item<float>(), value / 10);
    seen.insert(value);
  }
  EXPECT_EQ(seen, (std::set<float>{2, 3, 4}));
}

TEST_P(EveryBuffer, BatchHasTheDeclaredShapes) {
  auto buffer = make(10, 5, 3);
  buffer->add(numbered(1, 5, 3));
  std::mt19937_64 rng(5);
  const Batch batch = buffer->sample(7, rng);
  EXPECT_EQ(batch.states.sizes().vec(), (std::vector<int64_t>{7, 5}));
  EXPECT_EQ(batch.actions.sizes().vec(), (std::vector<int64_t>{7, 3}));
  EXPECT_EQ(batch.next_states.sizes().vec(), (std::vector<int64_t>{7, 5}));
  EXPECT_EQ(batch.rewards.sizes().vec(), (std::vector<int64_t>{7}));
  EXPECT_EQ(batch.discounts.sizes().vec(), (std::vector<int64_t>{7}));
  EXPECT_EQ(batch.weights.sizes().vec(), (std::vector<int64_t>{7}));
  EXPECT_EQ(batch.indices, std::vector<int64_t>(7, 0));
  EXPECT_EQ(batch.states.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::allclose(batch.discounts, torch::full({7}, 0.99f)));
  EXPECT_TRUE(torch::equal(batch.weights, torch::ones({7})));  // one distinct priority: weights 1 as well
}

TEST_P(EveryBuffer, RejectsBadSizesAndRequests) {
  EXPECT_THROW(make(0), std::invalid_argument);
  EXPECT_THROW(make(-5), std::invalid_argument);
  EXPECT_THROW(make(10, 0, 1), std::invalid_argument);
  EXPECT_THROW(make(10, 2, 0), std::invalid_argument);
  auto buffer = make(4);
  std::mt19937_64 rng(1);
  EXPECT_THROW(buffer->sample(8, rng), std::logic_error);  // empty
  EXPECT_THROW(buffer->add(numbered(1, 3, 1)), std::invalid_argument);
  EXPECT_THROW(buffer->add(numbered(1, 2, 2)), std::invalid_argument);
  EXPECT_EQ(buffer->size(), 0);
  buffer->add(numbered(1));
  EXPECT_THROW(buffer->sample(0, rng), std::invalid_argument);
  EXPECT_THROW(buffer->sample(-1, rng), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Replay, EveryBuffer, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Prioritized" : "Uniform"; });

TEST(UniformReplay, SamplesStoredSlotsWithEqualFrequency) {
  torch::set_num_threads(1);
  UniformReplay buffer(16, 2, 1);  // partly filled: 10 of 16 slots
  for (int value = 0; value < 10; ++value) buffer.add(numbered(static_cast<float>(value)));
  std::mt19937_64 rng(424242);
  std::vector<int64_t> counts(10, 0);
  for (int b = 0; b < 200; ++b) {
    for (int64_t slot : buffer.sample(100, rng).indices) {
      ASSERT_LT(slot, 10) << "sampled an empty slot";
      ++counts[slot];
    }
  }
  // Pearson chi-square with 9 degrees of freedom over 20000 draws; 27.88 is its 0.999 quantile.
  EXPECT_LT(chi_square(counts, std::vector<double>(10, 0.1)), 27.88);
}

}  // namespace
}  // namespace hypera::sac
