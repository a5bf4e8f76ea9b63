// Save/load round trips of both buffers: after loading into a fresh buffer, the same rng gives the same
// batches, and the write position, priorities and annealing step continue where they were.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sac/replay/prioritized_replay.h"
#include "sac/replay/replay_factory.h"
#include "sac/replay/replay_test_support.h"
#include "common/scratch_folder.h"

namespace hypera::sac {
namespace {

using test::numbered;

const PriorityOptions kOptions{0.7, 0.5, 50, 1e-5};

// The buffer's archive nested in a parent, as an agent's checkpoint holds it.
void save(const ReplayBuffer& buffer, const std::string& file) {
  torch::serialize::OutputArchive parent;
  torch::serialize::OutputArchive archive;
  buffer.save(archive);
  parent.write("replay", archive);
  parent.save_to(file);
}

void load(ReplayBuffer& buffer, const std::string& file) {
  torch::serialize::InputArchive parent;
  parent.load_from(file);
  torch::serialize::InputArchive archive;
  parent.read("replay", archive);
  buffer.load(archive);
}

void expect_same_batches(ReplayBuffer& a, ReplayBuffer& b, uint64_t seed) {
  std::mt19937_64 rng_a(seed);
  std::mt19937_64 rng_b(seed);
  for (int round = 0; round < 3; ++round) {
    const Batch x = a.sample(16, rng_a);
    const Batch y = b.sample(16, rng_b);
    ASSERT_EQ(x.indices, y.indices);
    EXPECT_TRUE(torch::equal(x.states, y.states));
    EXPECT_TRUE(torch::equal(x.actions, y.actions));
    EXPECT_TRUE(torch::equal(x.rewards, y.rewards));
    EXPECT_TRUE(torch::equal(x.next_states, y.next_states));
    EXPECT_TRUE(torch::equal(x.discounts, y.discounts));
    EXPECT_TRUE(torch::equal(x.weights, y.weights));
  }
}

class RoundTrip : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { torch::set_num_threads(1); }
  std::unique_ptr<ReplayBuffer> make(int64_t capacity = 20, int64_t state_dim = 3) const {
    return make_replay_buffer(GetParam(), capacity, state_dim, 2, kOptions);
  }
  hypera::test::ScratchFolder scratch_;
};

TEST_P(RoundTrip, ALoadedBufferSamplesExactlyLikeTheOriginal) {
  for (int stored : {7, 27}) {  // partly filled, and wrapped around
    auto original = make();
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<float> td(0.0f, 5.0f);
    for (int value = 0; value < stored; ++value) {
      original->add(numbered(static_cast<float>(value), 3, 2));
      if (value % 5 == 4) {  // some sampling (annealing) and priority updates along the way
        const Batch batch = original->sample(4, rng);
        std::vector<float> errors;
        for (size_t k = 0; k < batch.indices.size(); ++k) errors.push_back(td(rng));
        original->update_priorities(batch.indices, errors);
      }
    }
    const std::string file = (scratch_ / ("buffer_" + std::to_string(stored) + ".pt")).string();
    save(*original, file);
    auto restored = make();
    load(*restored, file);
    EXPECT_EQ(restored->size(), original->size());
    if (GetParam()) {
      const auto& a = dynamic_cast<const PrioritizedReplay&>(*original);
      const auto& b = dynamic_cast<const PrioritizedReplay&>(*restored);
      EXPECT_EQ(a.beta(), b.beta());
      for (int64_t slot = 0; slot < 20; ++slot) EXPECT_EQ(a.priority(slot), b.priority(slot));
    }
    expect_same_batches(*original, *restored, 123);
    original->add(numbered(1000, 3, 2));  // the write position was restored as well
    restored->add(numbered(1000, 3, 2));
    expect_same_batches(*original, *restored, 456);
  }
}

TEST_P(RoundTrip, RejectsArchivesOfAnotherShapeAndLeavesTheBufferUnchanged) {
  auto original = make();
  for (int value = 0; value < 5; ++value) original->add(numbered(static_cast<float>(value), 3, 2));
  const std::string file = (scratch_ / "buffer.pt").string();
  save(*original, file);
  auto wider = make(20, 4);
  EXPECT_THROW(load(*wider, file), std::invalid_argument);
  EXPECT_EQ(wider->size(), 0);
  auto smaller = make(4);
  EXPECT_THROW(load(*smaller, file), std::invalid_argument);
  EXPECT_EQ(smaller->size(), 0);
}

INSTANTIATE_TEST_SUITE_P(Replay, RoundTrip, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Prioritized" : "Uniform"; });

TEST(RoundTrip, AUniformArchiveIsNotAPrioritizedOne) {
  hypera::test::ScratchFolder scratch;
  auto uniform = make_replay_buffer(false, 8, 3, 2, kOptions);
  uniform->add(numbered(1, 3, 2));
  const std::string file = (scratch / "uniform.pt").string();
  save(*uniform, file);
  auto prioritized = make_replay_buffer(true, 8, 3, 2, kOptions);
  EXPECT_THROW(load(*prioritized, file), std::invalid_argument);
  EXPECT_EQ(prioritized->size(), 0);
}

}  // namespace
}  // namespace hypera::sac
