#include "app/compare/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace hypera::app {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The continued fraction of I_x(a, b) (Numerical Recipes, betacf), evaluated by the modified Lentz method;
// converges fast for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr int kMaxTerms = 300;
  constexpr double kEpsilon = 1e-15;
  constexpr double kTiny = 1e-300;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1;
  double d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= kMaxTerms; ++m) {
    const double m2 = 2.0 * m;
    // The even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    // The odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEpsilon) break;
  }
  return h;
}

// P(T >= t) for Student's t with `degrees_of_freedom` > 0.
double student_t_upper_p(double t, double degrees_of_freedom) {
  const double half = student_t_two_sided_p(t, degrees_of_freedom) / 2;
  return t >= 0 ? half : 1 - half;
}

// A uniform index in [0, n) from `generator` by rejection: the same numbers with every standard library.
std::size_t uniform_index(std::mt19937_64& generator, std::size_t n) {
  const std::uint64_t range = std::mt19937_64::max();       // the generator covers [0, 2^64 - 1]
  const std::uint64_t limit = range - (range % n + 1) % n;  // draws above it would favour small indices
  std::uint64_t draw = generator();
  while (draw > limit) draw = generator();
  return std::size_t(draw % n);
}

}  // namespace

double mean(const std::vector<double>& values) {
  if (values.empty()) return kNaN;
  // Summed relative to the first value: equal values give exactly that value (and a standard deviation of 0).
  double sum = 0;
  for (double value : values) sum += value - values.front();
  return values.front() + sum / double(values.size());
}

double sample_standard_deviation(const std::vector<double>& values) {
  if (values.size() < 2) return kNaN;
  const double centre = mean(values);
  double squares = 0;
  for (double value : values) squares += (value - centre) * (value - centre);
  return std::sqrt(squares / double(values.size() - 1));
}

double median(std::vector<double> values) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  return sorted_quantile(values, 0.5);
}

double sorted_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty() || !(q >= 0 && q <= 1)) {
    throw std::invalid_argument("sorted_quantile: needs values and 0 <= q <= 1");
  }
  const double position = q * double(sorted.size() - 1);
  const std::size_t below = std::size_t(std::floor(position));
  if (below + 1 >= sorted.size()) return sorted.back();
  return sorted[below] + (position - double(below)) * (sorted[below + 1] - sorted[below]);
}

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) {
    throw std::invalid_argument("regularized_incomplete_beta: needs a > 0, b > 0, 0 <= x <= 1");
  }
  if (x == 0 || x == 1) return x;
  // x^a (1-x)^b / (a B(a, b)), in logarithms.
  const double front =
      std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
  // The fraction converges fast only on one side of its mean; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

double student_t_two_sided_p(double t, double degrees_of_freedom) {
  if (!(degrees_of_freedom > 0)) throw std::invalid_argument("student_t_two_sided_p: needs degrees of freedom > 0");
  return regularized_incomplete_beta(degrees_of_freedom / 2, 0.5, degrees_of_freedom / (degrees_of_freedom + t * t));
}

PairedTest paired_t_test(const std::vector<double>& differences) {
  PairedTest test;
  test.n = differences.size();
  test.mean_difference = mean(differences);
  if (test.n < 2) {
    test.not_available = "fewer than 2 paired seeds";
    return test;
  }
  const double sd = sample_standard_deviation(differences);
  if (!(sd > 1e-12 * (1 + std::fabs(test.mean_difference)))) {  // equal up to rounding
    test.not_available = "every seed's difference is the same, so the variance is zero";
    return test;
  }
  test.standard_error = sd / std::sqrt(double(test.n));
  test.t = test.mean_difference / test.standard_error;
  test.p = student_t_two_sided_p(test.t, double(test.n - 1));
  return test;
}

double equivalence_p(const PairedTest& test, double margin) {
  if (!test.available()) return kNaN;
  const double df = double(test.n - 1);
  const double above_lower = student_t_upper_p((test.mean_difference + margin) / test.standard_error, df);
  const double below_upper = student_t_upper_p((margin - test.mean_difference) / test.standard_error, df);
  return std::max(above_lower, below_upper);
}

Interval bootstrap_mean_interval(const std::vector<double>& values, double confidence, int resamples,
                                 std::uint64_t seed) {
  if (values.empty()) return {kNaN, kNaN};
  std::mt19937_64 generator(seed);
  std::vector<double> means(std::size_t(std::max(resamples, 1)));
  for (double& resample_mean : means) {
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) sum += values[uniform_index(generator, values.size())];
    resample_mean = sum / double(values.size());
  }
  std::sort(means.begin(), means.end());
  const double tail = (1 - confidence) / 2;
  return {sorted_quantile(means, tail), sorted_quantile(means, 1 - tail)};
}

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (std::isfinite(p_values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(p_values.size(), kNaN);
  double running = 0;
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    running = std::max(running, std::min(1.0, double(order.size() - rank) * p_values[order[rank]]));
    adjusted[order[rank]] = running;
  }
  return adjusted;
}

}  // namespace hypera::app
