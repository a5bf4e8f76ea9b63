#include "core/measure/surface_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hypera::core {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double directed_percentile(std::vector<double> v, double percentile) {
  const double rank = static_cast<double>(v.size() - 1) * percentile / 100.0;
  const auto lo = static_cast<size_t>(std::floor(rank));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double low = v[lo];
  if (lo + 1 >= v.size()) return low;
  const double high = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  if (high == low) return low;  // also keeps +inf when both are infinite
  return low + (rank - static_cast<double>(lo)) * (high - low);
}

int64_t within(const std::vector<double>& v, double tolerance) {
  return std::count_if(v.begin(), v.end(), [tolerance](double x) { return x <= tolerance; });
}

}  // namespace

double hausdorff(const SurfaceDistances& d, double percentile) {
  if (d.from_pred.empty() && d.from_gt.empty()) return kNaN;
  double result = 0;
  for (const std::vector<double>* v : {&d.from_pred, &d.from_gt}) {
    if (v->empty()) continue;
    result = std::max(result, percentile >= 100 ? *std::max_element(v->begin(), v->end())
                                                : directed_percentile(*v, percentile));
  }
  return result;
}

double average_symmetric_surface_distance(const SurfaceDistances& d) {
  const size_t n = d.from_pred.size() + d.from_gt.size();
  if (n == 0) return kNaN;
  const double sum = std::accumulate(d.from_pred.begin(), d.from_pred.end(), 0.0) +
                     std::accumulate(d.from_gt.begin(), d.from_gt.end(), 0.0);
  return sum / static_cast<double>(n);
}

double surface_dice(const SurfaceDistances& d, double tolerance) {
  const size_t n = d.from_pred.size() + d.from_gt.size();
  if (n == 0) return kNaN;
  return static_cast<double>(within(d.from_pred, tolerance) + within(d.from_gt, tolerance)) /
         static_cast<double>(n);
}

double boundary_f1(const SurfaceDistances& d, double tolerance) {
  if (d.from_pred.empty() && d.from_gt.empty()) return kNaN;
  if (d.from_pred.empty() || d.from_gt.empty()) return 0.0;
  const double p = static_cast<double>(within(d.from_pred, tolerance)) / static_cast<double>(d.from_pred.size());
  const double r = static_cast<double>(within(d.from_gt, tolerance)) / static_cast<double>(d.from_gt.size());
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

}  // namespace hypera::core
