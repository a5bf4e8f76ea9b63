#include "app/compare/statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hypera::app {
namespace {

TEST(CompareStatistics, MeanAndSampleStandardDeviation) {
  EXPECT_DOUBLE_EQ(mean({2, 4, 4, 4, 5, 5, 7, 9}), 5.0);
  EXPECT_NEAR(sample_standard_deviation({2, 4, 4, 4, 5, 5, 7, 9}), std::sqrt(32.0 / 7.0), 1e-12);
  EXPECT_TRUE(std::isnan(mean({})));
  EXPECT_TRUE(std::isnan(sample_standard_deviation({3.0})));
}

TEST(CompareStatistics, IncompleteBetaMatchesClosedForms) {
  for (double x : {0.0, 0.05, 0.3, 0.5, 0.77, 0.999, 1.0}) {
    EXPECT_NEAR(regularized_incomplete_beta(1, 1, x), x, 1e-13) << x;
    EXPECT_NEAR(regularized_incomplete_beta(3.5, 1, x), std::pow(x, 3.5), 1e-13) << x;
    EXPECT_NEAR(regularized_incomplete_beta(1, 2.5, x), 1 - std::pow(1 - x, 2.5), 1e-13) << x;
    // I_x(2, 2) = 3x^2 - 2x^3; symmetry I_x(a, b) = 1 - I_{1-x}(b, a).
    EXPECT_NEAR(regularized_incomplete_beta(2, 2, x), 3 * x * x - 2 * x * x * x, 1e-13) << x;
    EXPECT_NEAR(regularized_incomplete_beta(7, 0.5, x), 1 - regularized_incomplete_beta(0.5, 7, 1 - x), 1e-13) << x;
  }
  EXPECT_NEAR(regularized_incomplete_beta(30, 30, 0.5), 0.5, 1e-13);
  EXPECT_THROW(regularized_incomplete_beta(0, 1, 0.5), std::invalid_argument);
  EXPECT_THROW(regularized_incomplete_beta(1, 1, 1.5), std::invalid_argument);
}

TEST(CompareStatistics, StudentTTwoSidedPValues) {
  EXPECT_NEAR(student_t_two_sided_p(2.0, 4), 0.1161, 5e-5);
  EXPECT_NEAR(student_t_two_sided_p(1.0, 2), 0.4226, 5e-5);
  EXPECT_NEAR(student_t_two_sided_p(-1.0, 2), 0.4226, 5e-5);
  EXPECT_DOUBLE_EQ(student_t_two_sided_p(0.0, 7), 1.0);
  // Tabulated critical values give p = 0.05: t(0.975; df).
  EXPECT_NEAR(student_t_two_sided_p(12.7062, 1), 0.05, 1e-5);
  EXPECT_NEAR(student_t_two_sided_p(2.2281, 10), 0.05, 1e-5);
  EXPECT_NEAR(student_t_two_sided_p(1.95996, 1e7), 0.05, 1e-5);  // the normal limit
  // Closed forms: df 1 (Cauchy) p = 1 - 2 atan(t) / pi, df 2 p = 1 - t / sqrt(t^2 + 2).
  for (double t : {0.1, 0.9, 3.0, 40.0}) {
    EXPECT_NEAR(student_t_two_sided_p(t, 1), 1 - 2 * std::atan(t) / M_PI, 1e-12) << t;
    EXPECT_NEAR(student_t_two_sided_p(t, 2), 1 - t / std::sqrt(t * t + 2), 1e-12) << t;
  }
}

TEST(CompareStatistics, PairedTTest) {
  const PairedTest test = paired_t_test({1, 2, 3});  // mean 2, sd 1, t = 2 sqrt(3), df 2
  ASSERT_TRUE(test.available()) << test.not_available;
  EXPECT_EQ(test.n, 3u);
  EXPECT_DOUBLE_EQ(test.mean_difference, 2.0);
  EXPECT_NEAR(test.t, 2 * std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(test.p, 1 - std::sqrt(12.0 / 14.0), 1e-12);

  const PairedTest negative = paired_t_test({-0.02, -0.01, -0.03, -0.02});
  ASSERT_TRUE(negative.available());
  EXPECT_LT(negative.t, 0);
  EXPECT_LT(negative.p, 0.05);

  const PairedTest single = paired_t_test({0.5});
  EXPECT_FALSE(single.available());
  EXPECT_NE(single.not_available.find("fewer than 2"), std::string::npos);
  EXPECT_DOUBLE_EQ(single.mean_difference, 0.5);

  const PairedTest constant = paired_t_test({0.1 - 0.05, 0.2 - 0.15, 0.3 - 0.25});  // equal up to rounding
  EXPECT_FALSE(constant.available());
  EXPECT_NE(constant.not_available.find("variance is zero"), std::string::npos);
}

TEST(CompareStatistics, MedianAndQuantiles) {
  EXPECT_DOUBLE_EQ(median({5, 1, 3}), 3.0);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 10}), 3.5);
  EXPECT_TRUE(std::isnan(median({})));
  // Type 7: position q (n - 1); 0.25 of {10, 20, 30, 40, 50} sits at 1.0, 0.1 at 0.4 (10 + 0.4 * 10).
  EXPECT_DOUBLE_EQ(sorted_quantile({10, 20, 30, 40, 50}, 0.25), 20.0);
  EXPECT_DOUBLE_EQ(sorted_quantile({10, 20, 30, 40, 50}, 0.1), 14.0);
  EXPECT_DOUBLE_EQ(sorted_quantile({10, 20, 30, 40, 50}, 1.0), 50.0);
  EXPECT_DOUBLE_EQ(sorted_quantile({7}, 0.3), 7.0);
  EXPECT_THROW(sorted_quantile({}, 0.5), std::invalid_argument);
  EXPECT_THROW(sorted_quantile({1, 2}, 1.5), std::invalid_argument);
}

TEST(CompareStatistics, PairedTestKeepsItsStandardError) {
  const PairedTest test = paired_t_test({1, 2, 3});  // sd 1
  EXPECT_NEAR(test.standard_error, 1 / std::sqrt(3.0), 1e-15);
}

TEST(CompareStatistics, EquivalencePValueFromTheClosedFormWithTwoDegreesOfFreedom) {
  // {1, 2, 3}: mean 2, se 1/sqrt(3), df 2, where P(T >= t) = (1 - t / sqrt(t^2 + 2)) / 2 for t >= 0.
  // Margin 3: t_lower = (2 + 3) sqrt(3), t_upper = (3 - 2) sqrt(3); the larger one-sided p is the upper one's.
  const auto upper_p = [](double t) { return (1 - t / std::sqrt(t * t + 2)) / 2; };
  const PairedTest test = paired_t_test({1, 2, 3});
  EXPECT_NEAR(equivalence_p(test, 3), upper_p(std::sqrt(3.0)), 1e-12);  // 0.1127
  // Margin 1.5 puts the mean above +margin: t_upper = -0.5 sqrt(3) < 0, so p = 1 - upper_p(0.5 sqrt(3)).
  EXPECT_NEAR(equivalence_p(test, 1.5), 1 - upper_p(0.5 * std::sqrt(3.0)), 1e-12);
  // Symmetric: negating every difference gives the same p.
  EXPECT_NEAR(equivalence_p(paired_t_test({-1, -2, -3}), 3), equivalence_p(test, 3), 1e-15);
  EXPECT_TRUE(std::isnan(equivalence_p(paired_t_test({0.5}), 0.01)));
}

TEST(CompareStatistics, EquivalenceForTinyDifferencesNotForNoisyOnes) {
  const std::vector<double> tiny = {0.001, -0.0005, 0.0002, 0.0008, -0.001, 0.0003, 0.0, -0.0002, 0.0006, -0.0004};
  EXPECT_LT(equivalence_p(paired_t_test(tiny), 0.01), 0.001);
  // The same data is not equivalent within a margin smaller than its own spread.
  EXPECT_GT(equivalence_p(paired_t_test(tiny), 0.0001), 0.05);
  const std::vector<double> noisy = {0.05, -0.03};  // two seeds that disagree
  EXPECT_GT(equivalence_p(paired_t_test(noisy), 0.01), 0.4);
  EXPECT_GT(paired_t_test(noisy).p, 0.5);
}

TEST(CompareStatistics, BootstrapIntervalIsDeterministicAndContainsTheMean) {
  const std::vector<double> values = {0.0513, 0.0217, 0.0702, 0.0391, 0.0288, 0.0634, 0.01, 0.0479, 0.0425, 0.08};
  const Interval interval = bootstrap_mean_interval(values);
  EXPECT_LT(interval.lower, mean(values));
  EXPECT_GT(interval.upper, mean(values));
  EXPECT_GE(interval.lower, 0.01);  // a mean of resamples never leaves the range of the values
  EXPECT_LE(interval.upper, 0.08);
  // The normal approximation mean +- 1.96 sd / sqrt(n); the bootstrap is close to it.
  const double half_width = 1.96 * sample_standard_deviation(values) / std::sqrt(10.0);
  EXPECT_NEAR(interval.lower, mean(values) - half_width, 0.004);
  EXPECT_NEAR(interval.upper, mean(values) + half_width, 0.004);
  const Interval again = bootstrap_mean_interval(values);
  EXPECT_EQ(again.lower, interval.lower);
  EXPECT_EQ(again.upper, interval.upper);
  const Interval other_seed = bootstrap_mean_interval(values, 0.95, kBootstrapResamples, kBootstrapSeed + 1);
  EXPECT_TRUE(other_seed.lower != interval.lower || other_seed.upper != interval.upper);
  const Interval wider = bootstrap_mean_interval(values, 0.99);
  EXPECT_LE(wider.lower, interval.lower);
  EXPECT_GE(wider.upper, interval.upper);
}

TEST(CompareStatistics, BootstrapIntervalOfOneOrEqualValuesIsThatValue) {
  const Interval single = bootstrap_mean_interval({0.3});
  EXPECT_DOUBLE_EQ(single.lower, 0.3);
  EXPECT_DOUBLE_EQ(single.upper, 0.3);
  const Interval equal = bootstrap_mean_interval({0.25, 0.25, 0.25});
  EXPECT_DOUBLE_EQ(equal.lower, 0.25);
  EXPECT_DOUBLE_EQ(equal.upper, 0.25);
  EXPECT_TRUE(std::isnan(bootstrap_mean_interval({}).lower));
}

TEST(CompareStatistics, HolmAdjustmentByHand) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // m = 3 finite p-values sorted 0.01, 0.03, 0.04: 3 * 0.01 = 0.03, max(0.03, 2 * 0.03) = 0.06,
  // max(0.06, 1 * 0.04) = 0.06. The NaN is no test and stays NaN.
  const auto adjusted = holm_adjust({0.04, nan, 0.01, 0.03});
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.06, 1e-15);
  EXPECT_TRUE(std::isnan(adjusted[1]));
  EXPECT_NEAR(adjusted[2], 0.03, 1e-15);
  EXPECT_NEAR(adjusted[3], 0.06, 1e-15);
  EXPECT_DOUBLE_EQ(holm_adjust({0.5, 0.6})[1], 1.0);  // capped at 1
  EXPECT_DOUBLE_EQ(holm_adjust({0.02})[0], 0.02);     // one test: unchanged
}

TEST(CompareStatistics, HolmIsMonotoneAndNeverBelowTheRawP) {
  const std::vector<double> raw = {0.2, 0.001, 0.04, 0.013, 0.5, 0.012, 0.03};
  const auto adjusted = holm_adjust(raw);
  std::vector<std::size_t> order(raw.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return raw[a] < raw[b]; });
  for (std::size_t i = 0; i < raw.size(); ++i) {
    EXPECT_GE(adjusted[i], raw[i]);
    EXPECT_LE(adjusted[i], std::min(1.0, raw.size() * raw[i]));  // never above Bonferroni
    if (i > 0) EXPECT_GE(adjusted[order[i]], adjusted[order[i - 1]]);
  }
}

}  // namespace
}  // namespace hypera::app
