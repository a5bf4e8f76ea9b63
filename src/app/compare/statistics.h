#pragma once
// The statistics of `hypera_dist compare`: mean, median, sample standard deviation, the paired two-sided
// Student t test (with the regularized incomplete beta function it needs), the TOST equivalence test, a
// percentile bootstrap interval of the mean and the Holm correction for several tests. Pure functions;
// thread-safe; cost O(n) unless stated (the beta function: a continued fraction of at most 300 terms).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hypera::app {

// NaN for no values.
double mean(const std::vector<double>& values);

// With n - 1 in the denominator; NaN for fewer than 2 values.
double sample_standard_deviation(const std::vector<double>& values);

// The middle value (the mean of the two middle ones for an even count); NaN for no values. O(n log n).
double median(std::vector<double> values);

// The q-quantile (0 <= q <= 1) of `sorted` (ascending, not empty) by linear interpolation between the order
// statistics at positions q (n - 1) (Hyndman and Fan type 7). Throws std::invalid_argument otherwise.
double sorted_quantile(const std::vector<double>& sorted, double q);

// I_x(a, b) for a, b > 0 and 0 <= x <= 1, by the continued fraction of Numerical Recipes (modified Lentz), to
// about 1e-14 relative. Throws std::invalid_argument outside that domain.
double regularized_incomplete_beta(double a, double b, double x);

// P(|T| >= |t|) for Student's t with `degrees_of_freedom` > 0: I_{df/(df+t^2)}(df/2, 1/2). 1 for t = 0.
double student_t_two_sided_p(double t, double degrees_of_freedom);

struct PairedTest {
  std::size_t n = 0;           // number of pairs
  double mean_difference = 0;  // NaN without pairs
  double standard_error = 0;   // sd / sqrt(n); meaningful only when available()
  double t = 0;                // mean / standard_error; meaningful only when available()
  double p = 1;                // two-sided, n - 1 degrees of freedom; meaningful only when available()
  std::string not_available;   // why there is no test ("fewer than 2 paired seeds", ...); empty when there is

  bool available() const { return not_available.empty(); }
};

// The paired t test of differences a_i - b_i against a mean of 0. Not available with fewer than 2
// differences or when every difference is the same up to rounding (zero variance: t is undefined).
PairedTest paired_t_test(const std::vector<double>& differences);

// The TOST equivalence p-value of `test` for the margin `margin` > 0: the larger p of the two one-sided t tests
// of H0 "mean <= -margin" and H0 "mean >= +margin" (n - 1 degrees of freedom). It is below alpha exactly when
// the (1 - 2 alpha) t interval of the mean lies inside (-margin, +margin). NaN when the test is not available.
double equivalence_p(const PairedTest& test, double margin);

struct Interval {
  double lower = 0, upper = 0;  // NaN for no values
};

constexpr int kBootstrapResamples = 10000;
constexpr std::uint64_t kBootstrapSeed = 14;

// The percentile bootstrap interval of the mean of `values` at `confidence` (0.95: the 2.5 % and 97.5 %
// quantiles of the means of `resamples` resamples with replacement, by sorted_quantile). The resamples come
// from std::mt19937_64 seeded with `seed` and an unbiased index draw of its own (not std::uniform_int_
// distribution, whose output differs between standard libraries), so the same input gives the same interval
// everywhere. One value gives [value, value]. Cost O(resamples n).
Interval bootstrap_mean_interval(const std::vector<double>& values, double confidence = 0.95,
                                 int resamples = kBootstrapResamples, std::uint64_t seed = kBootstrapSeed);

// The Holm (Holm-Bonferroni) adjusted p-values of a family of tests, in input order: with the m finite
// p-values sorted ascending p_(1) <= ... <= p_(m), adjusted p_(i) = min(1, max_{j <= i} (m - j + 1) p_(j)).
// NaN entries (no test) stay NaN and do not count in m. O(m log m).
std::vector<double> holm_adjust(const std::vector<double>& p_values);

}  // namespace hypera::app
