#include "sac/replay/prioritized_replay.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "sac/replay/replay_test_support.h"

namespace hypera::sac {
namespace {

using test::chi_square;
using test::numbered;

std::vector<double> proportional(const std::vector<float>& td, double alpha, double epsilon) {
  std::vector<double> p;
  double total = 0;
  for (float e : td) total += p.emplace_back(std::pow(e + epsilon, alpha));
  for (double& v : p) v /= total;
  return p;
}

TEST(PrioritizedReplay, SamplingFrequenciesFollowThePriorities) {
  torch::set_num_threads(1);
  const PriorityOptions options{0.6, 0.4, 1000, 1e-6};
  PrioritizedReplay buffer(8, 2, 1, options);
  for (int value = 0; value < 8; ++value) buffer.add(numbered(static_cast<float>(value)));
  const std::vector<float> td = {0.1f, 0.5f, 1, 2, 3, 4, 6, 8};
  buffer.update_priorities({0, 1, 2, 3, 4, 5, 6, 7}, td);
  std::mt19937_64 rng(777);
  std::vector<int64_t> counts(8, 0);
  for (int b = 0; b < 100; ++b) {
    for (int64_t slot : buffer.sample(200, rng).indices) ++counts[slot];
  }
  // Pearson chi-square against P(i) = p_i / sum p, 7 degrees of freedom, 20000 draws: 24.32 is the 0.999
  // quantile of the multinomial case. Stratified sampling only lowers the spread, so this is conservative.
  EXPECT_LT(chi_square(counts, proportional(td, 0.6, 1e-6)), 24.32);
  // The test can tell the exponent: the same counts are far from the alpha = 1 distribution.
  EXPECT_GT(chi_square(counts, proportional(td, 1.0, 1e-6)), 24.32);
}

TEST(PrioritizedReplay, NewTransitionsGetTheLargestPrioritySeen) {
  PrioritizedReplay buffer(4, 2, 1, PriorityOptions{0.5, 0.4, 100, 1e-6});
  buffer.add(numbered(0));
  buffer.add(numbered(1));
  EXPECT_EQ(buffer.priority(0), 1.0);
  EXPECT_EQ(buffer.priority(3), 0.0);  // empty slot
  buffer.update_priorities({0, 1}, {3.0f, 0.25f});
  const double top = std::sqrt(3.0 + 1e-6);
  EXPECT_DOUBLE_EQ(buffer.priority(0), top);
  EXPECT_DOUBLE_EQ(buffer.priority(1), std::sqrt(0.25 + 1e-6));
  buffer.add(numbered(2));
  EXPECT_DOUBLE_EQ(buffer.priority(2), top);
  buffer.update_priorities({0}, {0.0f});  // the maximum never decreases
  EXPECT_DOUBLE_EQ(buffer.priority(0), std::sqrt(1e-6));
  buffer.add(numbered(3));
  EXPECT_DOUBLE_EQ(buffer.priority(3), top);
}

// Three transitions with |td| 1, 2, 3, alpha 1: P = 1/6, 2/6, 3/6, so (N P)^-beta = 2^beta, 1, (2/3)^beta.
void expect_hand_weights(PrioritizedReplay& buffer, double beta, std::mt19937_64& rng, std::set<int64_t>& firsts) {
  const double raw[3] = {std::pow(2.0, beta), 1.0, std::pow(2.0 / 3.0, beta)};
  const Batch batch = buffer.sample(3, rng);
  // Stratified: segments [0, 2), [2, 4), [4, 6) of the cumulative sums 1, 3, 6.
  ASSERT_LE(batch.indices[0], 1);
  ASSERT_GE(batch.indices[1], 1);
  ASSERT_LE(batch.indices[1], 2);
  ASSERT_EQ(batch.indices[2], 2);
  firsts.insert(batch.indices[0]);
  double largest = 0;
  for (int64_t slot : batch.indices) largest = std::max(largest, raw[slot]);
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(batch.weights[k].item<float>(), raw[batch.indices[k]] / largest, 1e-6) << "element " << k;
  }
}

PrioritizedReplay three_element_buffer(double beta, int64_t beta_steps) {
  PrioritizedReplay buffer(3, 2, 1, PriorityOptions{1.0, beta, beta_steps, 1e-12});
  for (int value = 0; value < 3; ++value) buffer.add(numbered(static_cast<float>(value)));
  buffer.update_priorities({0, 1, 2}, {1.0f, 2.0f, 3.0f});
  return buffer;
}

TEST(PrioritizedReplay, ImportanceWeightsMatchAHandComputationOnThreeElements) {
  torch::set_num_threads(1);
  PrioritizedReplay buffer = three_element_buffer(0.5, 1000000000);  // beta stays 0.5 to 1e-8
  std::mt19937_64 rng(3);
  std::set<int64_t> firsts;
  for (int b = 0; b < 40; ++b) expect_hand_weights(buffer, 0.5, rng, firsts);
  EXPECT_EQ(firsts, (std::set<int64_t>{0, 1}));  // both batch compositions were checked
}

TEST(PrioritizedReplay, BetaAnnealsLinearlyToOneOverSampledBatches) {
  torch::set_num_threads(1);
  PrioritizedReplay buffer = three_element_buffer(0.4, 10);
  std::mt19937_64 rng(9);
  EXPECT_DOUBLE_EQ(buffer.beta(), 0.4);
  for (int b = 0; b < 5; ++b) buffer.sample(3, rng);
  EXPECT_DOUBLE_EQ(buffer.beta(), 0.7);
  for (int b = 0; b < 5; ++b) buffer.sample(3, rng);
  EXPECT_DOUBLE_EQ(buffer.beta(), 1.0);
  std::set<int64_t> firsts;
  for (int b = 0; b < 40; ++b) expect_hand_weights(buffer, 1.0, rng, firsts);
  EXPECT_DOUBLE_EQ(buffer.beta(), 1.0);

  PrioritizedReplay immediate = three_element_buffer(0.4, 0);
  EXPECT_DOUBLE_EQ(immediate.beta(), 1.0);
}

TEST(PrioritizedReplay, RejectsBadOptionsAndPriorityUpdates) {
  const auto with = [](auto change) {
    PriorityOptions options;
    change(options);
    return options;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const PriorityOptions& bad : {with([](auto& o) { o.alpha = -0.1; }), with([&](auto& o) { o.alpha = nan; }),
                                     with([](auto& o) { o.beta = 1.5; }), with([](auto& o) { o.beta = -0.1; }),
                                     with([](auto& o) { o.beta_steps = -1; }), with([](auto& o) { o.epsilon = 0; })}) {
    EXPECT_THROW(PrioritizedReplay(4, 2, 1, bad), std::invalid_argument);
  }
  PrioritizedReplay buffer(4, 2, 1, PriorityOptions{});
  buffer.add(numbered(0));
  buffer.add(numbered(1));
  EXPECT_THROW(buffer.update_priorities({0, 1}, {1.0f}), std::invalid_argument);
  EXPECT_THROW(buffer.update_priorities({0, 2}, {1.0f, 1.0f}), std::invalid_argument);  // slot 2 is empty
  EXPECT_THROW(buffer.update_priorities({0, -1}, {1.0f, 1.0f}), std::invalid_argument);
  EXPECT_THROW(buffer.update_priorities({0, 1}, {5.0f, -1.0f}), std::invalid_argument);
  EXPECT_THROW(buffer.update_priorities({0, 1}, {5.0f, std::numeric_limits<float>::infinity()}),
               std::invalid_argument);
  EXPECT_EQ(buffer.priority(0), 1.0);  // a rejected update changes nothing
}

}  // namespace
}  // namespace hypera::sac
