#include "app/compare/statistics.h"

#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
}  // namespace hypera::app
