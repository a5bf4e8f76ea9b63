#pragma once
// The statistics of `hypera_dist compare`: mean, sample standard deviation and the paired two-sided Student t
// test, with the regularized incomplete beta function it needs. Pure functions; thread-safe; cost O(n) (the
// beta function: a continued fraction of at most 300 terms).
#include <cstddef>
#include <string>
#include <vector>

namespace hypera::app {

// NaN for no values.
double mean(const std::vector<double>& values);

// With n - 1 in the denominator; NaN for fewer than 2 values.
double sample_standard_deviation(const std::vector<double>& values);

// I_x(a, b) for a, b > 0 and 0 <= x <= 1, by the continued fraction of Numerical Recipes (modified Lentz), to
// about 1e-14 relative. Throws std::invalid_argument outside that domain.
double regularized_incomplete_beta(double a, double b, double x);

// P(|T| >= |t|) for Student's t with `degrees_of_freedom` > 0: I_{df/(df+t^2)}(df/2, 1/2). 1 for t = 0.
double student_t_two_sided_p(double t, double degrees_of_freedom);

struct PairedTest {
  std::size_t n = 0;           // number of pairs
  double mean_difference = 0;  // NaN without pairs
  double t = 0;                // mean / (sd / sqrt(n)); meaningful only when available()
  double p = 1;                // two-sided, n - 1 degrees of freedom; meaningful only when available()
  std::string not_available;   // why there is no test ("fewer than 2 paired seeds", ...); empty when there is

  bool available() const { return not_available.empty(); }
};

// The paired t test of differences a_i - b_i against a mean of 0. Not available with fewer than 2
// differences or when every difference is the same up to rounding (zero variance: t is undefined).
PairedTest paired_t_test(const std::vector<double>& differences);

}  // namespace hypera::app
