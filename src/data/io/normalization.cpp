#include "data/io/normalization.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "support/input_error.h"

namespace hypera::data {
namespace {

// Percentile of values[from..end) where every element before `from` is known to be <= all after it,
// and `from` <= rank. Partially reorders `values`.
double percentile(std::vector<float>& values, size_t from, double percent) {
  const double rank = percent / 100.0 * double(values.size() - 1);
  const size_t k = size_t(std::floor(rank));
  std::nth_element(values.begin() + std::ptrdiff_t(from), values.begin() + std::ptrdiff_t(k), values.end());
  const double lower = values[k];
  const double fraction = rank - double(k);
  if (fraction == 0.0 || k + 1 >= values.size()) return lower;
  const double upper = *std::min_element(values.begin() + std::ptrdiff_t(k + 1), values.end());
  return lower + fraction * (upper - lower);
}

}  // namespace

void normalize_percentiles(ImageVolume& image, double low_percent, double high_percent) {
  if (!(low_percent >= 0.0 && high_percent <= 100.0 && low_percent < high_percent)) {
    throw InputError("normalization percentiles must satisfy 0 <= low < high <= 100, got low=" +
                     std::to_string(low_percent) + " high=" + std::to_string(high_percent));
  }
  std::vector<float> finite;
  finite.reserve(image.voxels.size());
  for (float v : image.voxels) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty()) {
    std::fill(image.voxels.begin(), image.voxels.end(), 0.0f);
    return;
  }
  const double low = percentile(finite, 0, low_percent);
  const size_t low_rank = size_t(std::floor(low_percent / 100.0 * double(finite.size() - 1)));
  const double high = percentile(finite, low_rank, high_percent);
  const double range = high - low;
  for (float& v : image.voxels) {
    if (!std::isfinite(v) || range <= 0.0) {
      v = 0.0f;
    } else {
      v = float((std::clamp(double(v), low, high) - low) / range);
    }
  }
}

}  // namespace hypera::data
