#include "core/postprocess/gaussian_smoothing.h"

#include <cmath>
#include <string>
#include <vector>

#include "support/input_error.h"

namespace hypera::core {
namespace {

// Weights w[0..radius] of the symmetric kernel, w[k] = exp(-k^2 / (2 sigma^2)), not normalized.
std::vector<float> half_kernel(double sigma) {
  const auto radius = static_cast<int64_t>(std::ceil(3.0 * sigma));
  std::vector<float> w(static_cast<size_t>(radius + 1));
  for (int64_t k = 0; k <= radius; ++k) {
    w[k] = static_cast<float>(std::exp(-static_cast<double>(k * k) / (2.0 * sigma * sigma)));
  }
  return w;
}

// Smooths n lines of `count` samples each: sample i of line l is at data[l * line_step + i * step].
// Lines are processed `width` at a time as contiguous runs when step > 1 (the y and z axes), which
// keeps the inner loop over neighbouring x columns.
void smooth_axis(float* data, int64_t count, int64_t step, int64_t lines, int64_t line_step, int64_t width,
                 const std::vector<float>& w) {
  const auto radius = static_cast<int64_t>(w.size()) - 1;
  std::vector<float> source(static_cast<size_t>(count * width));
  std::vector<float> norm(static_cast<size_t>(count), 0.0f);  // sum of the in-grid taps of sample i
  for (int64_t i = 0; i < count; ++i) {
    for (int64_t j = std::max<int64_t>(0, i - radius); j <= std::min<int64_t>(count - 1, i + radius); ++j) {
      norm[i] += w[std::abs(j - i)];
    }
  }
  for (int64_t l = 0; l < lines; ++l) {
    float* base = data + l * line_step;
    for (int64_t i = 0; i < count; ++i) {
      for (int64_t x = 0; x < width; ++x) source[i * width + x] = base[i * step + x];
    }
    for (int64_t i = 0; i < count; ++i) {
      const int64_t lo = std::max<int64_t>(0, i - radius);
      const int64_t hi = std::min<int64_t>(count - 1, i + radius);
      float* out = base + i * step;
      for (int64_t x = 0; x < width; ++x) out[x] = 0;
      for (int64_t j = lo; j <= hi; ++j) {
        const float weight = w[std::abs(j - i)] / norm[i];
        const float* in = source.data() + j * width;
        for (int64_t x = 0; x < width; ++x) out[x] += weight * in[x];
      }
    }
  }
}

}  // namespace

void smooth_gaussian(data::ImageVolume& map, double sigma) {
  if (!std::isfinite(sigma) || sigma < 0) {
    throw InputError("postprocess.smoothing_sigma: must be a finite value >= 0, got " + std::to_string(sigma));
  }
  if (sigma == 0) return;
  const std::vector<float> w = half_kernel(sigma);
  const int64_t nx = map.geometry.nx();
  const int64_t ny = map.geometry.ny();
  const int64_t nz = map.geometry.nz();
  float* data = map.voxels.data();
  // x: every row is a line of nx samples with step 1, processed one sample wide.
  if (nx > 1) smooth_axis(data, nx, 1, ny * nz, nx, 1, w);
  // y: per z slice, one "line" of ny rows, each row nx wide.
  if (ny > 1) smooth_axis(data, ny, nx, nz, nx * ny, nx, w);
  // z: per y row, one line of nz rows, each nx wide.
  if (nz > 1) smooth_axis(data, nz, nx * ny, ny, nx, nx, w);
}

}  // namespace hypera::core
