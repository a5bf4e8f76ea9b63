#include "sac/replay/n_step.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/scratch_folder.h"

namespace hypera::sac {
namespace {

// Step number `t` of a hand-made episode: state {t}, action {-t}, next_state {t + 1}.
Step step(float t, float reward, bool terminated = false, bool truncated = false) {
  return Step{{t}, {-t}, reward, {t + 1}, terminated, truncated};
}

void expect_transition(const Transition& got, float start, float reward, float next, float discount) {
  EXPECT_EQ(got.state, std::vector<float>{start});
  EXPECT_EQ(got.action, std::vector<float>{-start});
  EXPECT_FLOAT_EQ(got.reward, reward);
  EXPECT_EQ(got.next_state, std::vector<float>{next});
  EXPECT_FLOAT_EQ(got.discount, discount);
}

TEST(NStep, ThreeStepReturnsThenAFlushAtTermination) {
  NStepAccumulator acc(3, 0.5);
  EXPECT_TRUE(acc.push(step(0, 1)).empty());
  EXPECT_TRUE(acc.push(step(1, 2)).empty());
  auto out = acc.push(step(2, 3));
  ASSERT_EQ(out.size(), 1u);
  expect_transition(out[0], 0, 1 + 0.5f * 2 + 0.25f * 3, 3, 0.125f);
  out = acc.push(step(3, 4));
  ASSERT_EQ(out.size(), 1u);
  expect_transition(out[0], 1, 2 + 0.5f * 3 + 0.25f * 4, 4, 0.125f);
  EXPECT_EQ(acc.pending(), 2);
  out = acc.push(step(4, 5, /*terminated=*/true));
  ASSERT_EQ(out.size(), 3u);
  expect_transition(out[0], 2, 3 + 0.5f * 4 + 0.25f * 5, 5, 0);
  expect_transition(out[1], 3, 4 + 0.5f * 5, 5, 0);
  expect_transition(out[2], 4, 5, 5, 0);
  EXPECT_EQ(acc.pending(), 0);
}

TEST(NStep, ATerminationInTheMiddleOfTheStreamSeparatesEpisodes) {
  NStepAccumulator acc(3, 0.9);
  EXPECT_TRUE(acc.push(step(0, 1)).empty());
  auto out = acc.push(step(1, 10, /*terminated=*/true));
  ASSERT_EQ(out.size(), 2u);
  expect_transition(out[0], 0, 1 + 0.9f * 10, 2, 0);
  expect_transition(out[1], 1, 10, 2, 0);
  EXPECT_TRUE(acc.push(step(100, 100)).empty());  // the next episode starts clean
  EXPECT_TRUE(acc.push(step(101, 200)).empty());
  out = acc.push(step(102, 300));
  ASSERT_EQ(out.size(), 1u);
  expect_transition(out[0], 100, 100 + 0.9f * 200 + 0.81f * 300, 103, 0.729f);
}

TEST(NStep, TruncationFlushesButKeepsBootstrapping) {
  NStepAccumulator acc(3, 0.9);
  EXPECT_TRUE(acc.push(step(0, 1)).empty());
  auto out = acc.push(step(1, 2, false, /*truncated=*/true));
  ASSERT_EQ(out.size(), 2u);
  expect_transition(out[0], 0, 1 + 0.9f * 2, 2, 0.81f);
  expect_transition(out[1], 1, 2, 2, 0.9f);
  EXPECT_EQ(acc.pending(), 0);
  out = acc.push(step(5, 1, /*terminated=*/true, /*truncated=*/true));  // termination wins
  ASSERT_EQ(out.size(), 1u);
  expect_transition(out[0], 5, 1, 6, 0);
}

TEST(NStep, NLargerThanTheEpisodeYieldsShorterTransitionsAtTheEnd) {
  NStepAccumulator acc(10, 0.5);
  EXPECT_TRUE(acc.push(step(0, 4)).empty());
  EXPECT_TRUE(acc.push(step(1, 2)).empty());
  auto out = acc.push(step(2, 8, /*terminated=*/true));
  ASSERT_EQ(out.size(), 3u);
  expect_transition(out[0], 0, 4 + 0.5f * 2 + 0.25f * 8, 3, 0);
  expect_transition(out[1], 1, 2 + 0.5f * 8, 3, 0);
  expect_transition(out[2], 2, 8, 3, 0);
}

TEST(NStep, NOfOneGivesOrdinaryTransitions) {
  NStepAccumulator acc(1, 0.99);
  for (float t = 0; t < 3; ++t) {
    auto out = acc.push(step(t, t * 2));
    ASSERT_EQ(out.size(), 1u);
    expect_transition(out[0], t, t * 2, t + 1, 0.99f);
  }
  auto out = acc.push(step(3, 7, /*terminated=*/true));
  ASSERT_EQ(out.size(), 1u);
  expect_transition(out[0], 3, 7, 4, 0);
  out = acc.push(step(4, 1, false, /*truncated=*/true));
  ASSERT_EQ(out.size(), 1u);
  expect_transition(out[0], 4, 1, 5, 0.99f);
}

TEST(NStep, SaveAndLoadCarryThePendingSteps) {
  hypera::test::ScratchFolder scratch;
  const std::string file = (scratch / "n_step.pt").string();
  NStepAccumulator original(4, 0.9);
  original.push(Step{{1, 2}, {0.5f}, 3, {4, 5}});
  original.push(Step{{4, 5}, {-0.5f}, 6, {7, 8}});
  {
    torch::serialize::OutputArchive archive;
    original.save(archive);
    archive.save_to(file);
  }
  NStepAccumulator restored(4, 0.9);
  torch::serialize::InputArchive archive;
  archive.load_from(file);
  restored.load(archive);
  EXPECT_EQ(restored.pending(), 2);
  for (const Step& next : {Step{{7, 8}, {1}, 9, {10, 11}}, Step{{10, 11}, {2}, 12, {13, 14}, true}}) {
    const auto a = original.push(next);
    const auto b = restored.push(next);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].state, b[i].state);
      EXPECT_EQ(a[i].action, b[i].action);
      EXPECT_EQ(a[i].reward, b[i].reward);
      EXPECT_EQ(a[i].next_state, b[i].next_state);
      EXPECT_EQ(a[i].discount, b[i].discount);
    }
  }
  const std::string empty_file = (scratch / "empty.pt").string();
  {
    torch::serialize::OutputArchive empty;
    NStepAccumulator(3, 0.9).save(empty);  // nothing pending
    empty.save_to(empty_file);
  }
  torch::serialize::InputArchive empty;
  empty.load_from(empty_file);
  restored.load(empty);
  EXPECT_EQ(restored.pending(), 0);
  EXPECT_EQ(restored.push(step(0, 1)).size(), 0u);

  NStepAccumulator too_short(2, 0.9);  // 2 pending steps cannot be pending when n is 2
  torch::serialize::InputArchive again;
  again.load_from(file);
  EXPECT_THROW(too_short.load(again), std::invalid_argument);
  EXPECT_EQ(too_short.pending(), 0);
}

TEST(NStep, RejectsBadParametersAndInconsistentSteps) {
  EXPECT_THROW(NStepAccumulator(0, 0.9), std::invalid_argument);
  EXPECT_THROW(NStepAccumulator(3, -0.1), std::invalid_argument);
  EXPECT_THROW(NStepAccumulator(3, 1.5), std::invalid_argument);
  NStepAccumulator acc(3, 0.9);
  acc.push(step(0, 1));
  EXPECT_THROW(acc.push(Step{{1, 2}, {0}, 1, {2, 3}}), std::invalid_argument);
  EXPECT_THROW(acc.push(Step{{1}, {0, 0}, 1, {2}}), std::invalid_argument);
  EXPECT_EQ(acc.pending(), 1);
}

}  // namespace
}  // namespace hypera::sac
