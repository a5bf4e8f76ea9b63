#include "agents/segmentation/state_features.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "data/io/components.h"
#include "support/input_error.h"

namespace hypera::agents {
namespace {

void check_grids(const std::vector<data::ImageVolume>& probabilities, const data::ImageVolume& image) {
  if (probabilities.size() != 2 && probabilities.size() != 3) {
    throw InputError("segmentation agents: expected 2 or 3 class probability maps, got " +
                     std::to_string(probabilities.size()));
  }
  const data::Geometry& g = image.geometry;
  if (g.voxel_count() <= 0 || static_cast<int64_t>(image.voxels.size()) != g.voxel_count()) {
    throw InputError("segmentation agents: the image has no voxels or a wrong voxel count");
  }
  for (const auto& map : probabilities) {
    if (!map.geometry.same_grid(g) || map.voxels.size() != image.voxels.size()) {
      throw InputError("segmentation agents: the probability maps and the image are not on one grid");
    }
  }
}

// Mean |grad p| over voxels of `mask` that have a background neighbour along an axis. Along an axis of
// more than one voxel the derivative is the central difference, one-sided at the grid's border.
double border_sharpness(const data::ImageVolume& p, const data::LabelVolume& mask) {
  const auto& s = p.geometry.size;
  const int64_t stride[3] = {1, s[0], s[0] * s[1]};
  const float* v = p.voxels.data();
  const uint8_t* m = mask.voxels.data();
  double sum = 0;
  int64_t count = 0;
  int64_t i = 0;
  for (int64_t z = 0; z < s[2]; ++z) {
    for (int64_t y = 0; y < s[1]; ++y) {
      for (int64_t x = 0; x < s[0]; ++x, ++i) {
        if (!m[i]) continue;
        const int64_t c[3] = {x, y, z};
        bool border = false;
        double g2 = 0;
        for (int axis = 0; axis < 3; ++axis) {
          if (s[axis] == 1) continue;
          const int64_t lo = c[axis] > 0 ? i - stride[axis] : i;
          const int64_t hi = c[axis] + 1 < s[axis] ? i + stride[axis] : i;
          border = border || !m[lo] || !m[hi];
          const double d = (v[hi] - v[lo]) / static_cast<double>(lo < i && hi > i ? 2 : 1);
          g2 += d * d;
        }
        if (border) {
          sum += std::sqrt(g2);
          ++count;
        }
      }
    }
  }
  return count > 0 ? sum / static_cast<double>(count) : 0.0;
}

}  // namespace

SharedState compute_shared_state(const std::vector<data::ImageVolume>& probabilities, const data::ImageVolume& image,
                                 double base_threshold) {
  check_grids(probabilities, image);
  const size_t n = image.voxels.size();
  const size_t classes = probabilities.size();
  const double inv_n = 1.0 / static_cast<double>(n);
  std::vector<float> f(kStateDim, 0.0f);

  data::ImageVolume fg(image.geometry);
  data::LabelVolume mask(image.geometry);
  double sum = 0, sum2 = 0, in_sum = 0, entropy = 0, uncertain = 0, boundary = 0;
  int64_t inside = 0;
  std::array<double, 8> histogram{};
  const double log_c = std::log(static_cast<double>(classes));
  for (size_t i = 0; i < n; ++i) {
    const double v = image.voxels[i];
    sum += v;
    sum2 += v * v;
    const float p = 1.0f - probabilities[0].voxels[i];
    fg.voxels[i] = p;
    const bool on = p > base_threshold;
    mask.voxels[i] = on;
    if (on) {
      in_sum += v;
      ++inside;
    }
    histogram[std::clamp(static_cast<int>(p * 8), 0, 7)] += 1;
    float h = 0;  // float logarithms: this loop is a third of the features' cost in double
    for (size_t k = 0; k < classes; ++k) {
      const float q = probabilities[k].voxels[i];
      if (q > 0) h -= q * std::log(q);
    }
    entropy += h;
    uncertain += (p > 0.1f && p < 0.9f) ? 1 : 0;
    if (classes == 3) boundary += probabilities[2].voxels[i];
  }
  const double mean = sum * inv_n;
  f[0] = static_cast<float>(mean);
  f[1] = static_cast<float>(std::sqrt(std::max(0.0, sum2 * inv_n - mean * mean)));
  f[2] = static_cast<float>(inside > 0 ? in_sum / static_cast<double>(inside) : 0.0);
  const auto outside = static_cast<int64_t>(n) - inside;
  f[3] = static_cast<float>(outside > 0 ? (sum - in_sum) / static_cast<double>(outside) : 0.0);
  for (size_t b = 0; b < histogram.size(); ++b) f[4 + b] = static_cast<float>(histogram[b] * inv_n);
  f[12] = static_cast<float>(entropy * inv_n / log_c);
  f[13] = static_cast<float>(static_cast<double>(inside) * inv_n);

  const data::RunComponents components = data::run_components(mask, data::Connectivity::Full);
  const int32_t count = components.count;
  const std::vector<double> sizes(components.size.begin() + 1, components.size.end());
  double size_mean = 0, size_var = 0, size_max = 0;
  if (count > 0) {
    for (const double s : sizes) size_mean += s;
    size_mean /= count;
    for (const double s : sizes) {
      size_var += (s - size_mean) * (s - size_mean);
      size_max = std::max(size_max, s);
    }
    size_var /= count;
  }
  f[14] = static_cast<float>(std::log1p(count) / 8);
  f[15] = static_cast<float>(std::log1p(size_mean) / 10);
  f[16] = static_cast<float>(size_mean > 0 ? std::sqrt(size_var) / size_mean / 4 : 0.0);
  f[17] = static_cast<float>(std::log1p(size_max) / 12);
  f[18] = static_cast<float>(uncertain * inv_n);
  f[19] = static_cast<float>(border_sharpness(fg, mask));
  f[20] = static_cast<float>(boundary * inv_n);
  return SharedState{std::move(f), count};
}

FeatureNormalizer FeatureNormalizer::fit(const std::vector<std::vector<float>>& features) {
  if (features.empty()) throw std::invalid_argument("FeatureNormalizer::fit: no feature vectors");
  FeatureNormalizer out;
  out.mean.assign(kStateDim, 0.0f);
  out.scale.assign(kStateDim, 1.0f);
  const double n = static_cast<double>(features.size());
  for (int64_t k = 0; k < kStateDim; ++k) {
    double s = 0, s2 = 0;
    for (const auto& f : features) {
      s += f.at(static_cast<size_t>(k));
      s2 += static_cast<double>(f[k]) * f[k];
    }
    const double m = s / n;
    const double sd = std::sqrt(std::max(0.0, s2 / n - m * m));
    out.mean[k] = static_cast<float>(m);
    out.scale[k] = sd > 1e-6 ? static_cast<float>(sd) : 1.0f;
  }
  return out;
}

std::vector<float> FeatureNormalizer::apply(const std::vector<float>& features) const {
  std::vector<float> out(features.size());
  for (size_t k = 0; k < features.size(); ++k) out[k] = std::clamp((features[k] - mean.at(k)) / scale.at(k), -5.0f, 5.0f);
  return out;
}

}  // namespace hypera::agents
