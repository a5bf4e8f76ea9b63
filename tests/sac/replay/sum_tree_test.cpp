#include "sac/replay/sum_tree.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <stdexcept>

namespace hypera::sac {
namespace {

// The reference: the smallest i with p_0 + ... + p_i > u, by a linear scan.
int64_t linear_scan(const std::vector<double>& p, double u) {
  double cumulative = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    cumulative += p[i];
    if (cumulative > u) return static_cast<int64_t>(i);
  }
  return -1;
}

void expect_matches_scan(const SumTree& tree, const std::vector<double>& p, std::mt19937_64& rng) {
  double sum = 0;
  for (double v : p) sum += v;
  ASSERT_NEAR(tree.total(), sum, 1e-12 * sum);
  std::uniform_real_distribution<double> query(0.0, sum);
  for (int q = 0; q < 2000; ++q) {
    const double u = query(rng);
    ASSERT_EQ(tree.find_prefix_sum(u), linear_scan(p, u)) << "u = " << u << " of " << sum;
  }
}

TEST(SumTree, TotalsAndPrefixSearchMatchALinearScanOnRandomPriorities) {
  std::mt19937_64 rng(20240611);
  for (int64_t capacity : {1, 2, 37, 1000}) {
    SumTree tree(capacity);
    std::vector<double> p(static_cast<size_t>(capacity));
    std::uniform_real_distribution<double> value(0.0, 10.0);
    std::bernoulli_distribution zero(0.2);
    for (int64_t i = 0; i < capacity; ++i) {
      p[i] = (i > 0 && zero(rng)) ? 0.0 : value(rng);  // index 0 stays non-zero: total > 0
      tree.set(i, p[i]);
    }
    expect_matches_scan(tree, p, rng);
    std::uniform_int_distribution<int64_t> slot(0, capacity - 1);
    for (int change = 0; change < 100; ++change) {  // updates, including to and from zero
      const int64_t i = slot(rng);
      p[i] = (i > 0 && zero(rng)) ? 0.0 : value(rng);
      tree.set(i, p[i]);
    }
    expect_matches_scan(tree, p, rng);
    for (int64_t i = 0; i < capacity; ++i) ASSERT_EQ(tree.get(i), p[i]);
    EXPECT_EQ(tree.priorities(), p);
  }
}

TEST(SumTree, BoundariesSelectTheNextNonZeroIndexAndZerosAreNeverReturned) {
  SumTree tree(6);  // padded to 8 leaves
  const std::vector<double> p = {1, 0, 2, 0, 0, 3};
  for (int64_t i = 0; i < 6; ++i) tree.set(i, p[i]);
  EXPECT_EQ(tree.total(), 6);
  EXPECT_EQ(tree.find_prefix_sum(0), 0);
  EXPECT_EQ(tree.find_prefix_sum(0.999), 0);
  EXPECT_EQ(tree.find_prefix_sum(1), 2);  // on the boundary after index 0: index 1 is empty
  EXPECT_EQ(tree.find_prefix_sum(2.5), 2);
  EXPECT_EQ(tree.find_prefix_sum(3), 5);  // skips the empty indices 3 and 4
  EXPECT_EQ(tree.find_prefix_sum(5.999), 5);
  EXPECT_EQ(tree.find_prefix_sum(6), 5);    // u == total: the last non-zero index
  EXPECT_EQ(tree.find_prefix_sum(100), 5);
  EXPECT_EQ(tree.find_prefix_sum(-1), 0);

  SumTree leading_zeros(3);
  leading_zeros.set(2, 4);
  EXPECT_EQ(leading_zeros.find_prefix_sum(0), 2);
  EXPECT_EQ(leading_zeros.find_prefix_sum(-0.5), 2);
}

TEST(SumTree, AssignRebuildsTheSums) {
  SumTree tree(5);
  tree.assign({0.5, 0, 1.5, 2, 0});
  EXPECT_EQ(tree.total(), 4);
  EXPECT_EQ(tree.find_prefix_sum(0.5), 2);
  EXPECT_EQ(tree.find_prefix_sum(2), 3);
  EXPECT_THROW(tree.assign({1, 2}), std::invalid_argument);
  EXPECT_THROW(tree.assign({1, 2, -1, 0, 0}), std::invalid_argument);
  EXPECT_EQ(tree.total(), 4);
}

TEST(SumTree, RejectsBadSizesIndicesPrioritiesAndQueries) {
  EXPECT_THROW(SumTree(0), std::invalid_argument);
  EXPECT_THROW(SumTree(-3), std::invalid_argument);
  SumTree tree(4);
  EXPECT_THROW(tree.find_prefix_sum(0), std::logic_error);  // all zero
  EXPECT_THROW(tree.set(-1, 1), std::out_of_range);
  EXPECT_THROW(tree.set(4, 1), std::out_of_range);
  EXPECT_THROW(tree.get(4), std::out_of_range);
  EXPECT_THROW(tree.set(0, -0.5), std::invalid_argument);
  EXPECT_THROW(tree.set(0, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(tree.set(0, std::numeric_limits<double>::infinity()), std::invalid_argument);
  tree.set(1, 2);
  EXPECT_THROW(tree.find_prefix_sum(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::sac
