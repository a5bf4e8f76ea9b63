#include "data/pipeline/elastic.h"

#include <algorithm>
#include <cmath>

namespace hypera::data {
namespace {

std::vector<float> gaussian_kernel(double sigma) {
  const int radius = static_cast<int>(std::ceil(3.0 * sigma));
  std::vector<float> kernel(static_cast<size_t>(2 * radius + 1));
  double total = 0;
  for (int i = -radius; i <= radius; ++i) {
    const double w = std::exp(-0.5 * i * i / (sigma * sigma));
    kernel[static_cast<size_t>(i + radius)] = static_cast<float>(w);
    total += w;
  }
  for (float& w : kernel) w = static_cast<float>(w / total);
  return kernel;
}

// Convolves `field` along `axis` with `kernel`, repeating the edge values beyond the border. Both
// branches keep the innermost loop contiguous and branch-free so that it vectorizes.
void convolve_axis(std::vector<float>& field, const std::array<int64_t, 3>& size, int axis,
                   const std::vector<float>& kernel) {
  const int64_t stride = axis_stride(size, axis);
  const int64_t extent = size[axis];
  const int64_t radius = static_cast<int64_t>(kernel.size() / 2);
  const int64_t taps = static_cast<int64_t>(kernel.size());
  const int64_t blocks = size[0] * size[1] * size[2] / (stride * extent);
  if (axis == 0) {  // contiguous lines: convolve a copy padded by `radius` edge values on each side
    std::vector<float> padded(static_cast<size_t>(extent + 2 * radius));
    for (int64_t line = 0; line < blocks; ++line) {
      float* values = field.data() + line * extent;
      std::fill(padded.begin(), padded.begin() + radius, values[0]);
      std::copy(values, values + extent, padded.begin() + radius);
      std::fill(padded.begin() + radius + extent, padded.end(), values[extent - 1]);
      std::fill(values, values + extent, 0.0f);
      for (int64_t k = 0; k < taps; ++k) {
        const float weight = kernel[k];
        const float* shifted = padded.data() + k;
        for (int64_t i = 0; i < extent; ++i) values[i] += weight * shifted[i];
      }
    }
    return;
  }
  // Strided axis: each step along it is a contiguous row of `stride` values; combine whole rows.
  std::vector<float> block(static_cast<size_t>(stride * extent));
  for (int64_t b = 0; b < blocks; ++b) {
    float* values = field.data() + b * stride * extent;
    std::copy(values, values + stride * extent, block.begin());
    for (int64_t i = 0; i < extent; ++i) {
      float* out = values + i * stride;
      std::fill(out, out + stride, 0.0f);
      for (int64_t k = -radius; k <= radius; ++k) {
        const float weight = kernel[k + radius];
        const float* row = block.data() + std::clamp<int64_t>(i + k, 0, extent - 1) * stride;
        for (int64_t j = 0; j < stride; ++j) out[j] += weight * row[j];
      }
    }
  }
}

}  // namespace

void elastic_deform(Patch& patch, double alpha, double sigma, std::mt19937_64& rng) {
  const auto& size = patch.size;
  const int components = size[2] > 1 ? 3 : 2;
  const int64_t count = patch.voxel_count();
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<std::vector<float>> displacement(components, std::vector<float>(static_cast<size_t>(count)));
  float largest = 0;
  const std::vector<float> kernel = sigma > 0 ? gaussian_kernel(sigma) : std::vector<float>{1.0f};
  for (auto& field : displacement) {
    for (float& value : field) value = uniform(rng);
    for (int axis = 0; axis < components; ++axis) convolve_axis(field, size, axis, kernel);
    for (float value : field) largest = std::max(largest, std::abs(value));
  }
  if (largest == 0 || alpha == 0) return;
  const float scale = static_cast<float>(alpha) / largest;

  std::vector<float> image(patch.image.size());
  std::vector<uint8_t> label(static_cast<size_t>(count));
  std::vector<float> distance(patch.distance.size());
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  for (int64_t z = 0, i = 0; z < nz; ++z) {
    for (int64_t y = 0; y < ny; ++y) {
      for (int64_t x = 0; x < nx; ++x, ++i) {
        const float qx = std::clamp(x + scale * displacement[0][i], 0.0f, static_cast<float>(nx - 1));
        const float qy = std::clamp(y + scale * displacement[1][i], 0.0f, static_cast<float>(ny - 1));
        const float qz = components == 3 ? std::clamp(z + scale * displacement[2][i], 0.0f, static_cast<float>(nz - 1))
                                         : static_cast<float>(z);
        const int64_t x0 = static_cast<int64_t>(qx), y0 = static_cast<int64_t>(qy), z0 = static_cast<int64_t>(qz);
        const int64_t dx = x0 + 1 < nx ? 1 : 0, dy = y0 + 1 < ny ? nx : 0, dz = z0 + 1 < nz ? nx * ny : 0;
        const float fx = qx - x0, fy = qy - y0, fz = qz - z0;
        const int64_t corner = x0 + nx * (y0 + ny * z0);
        // Bi/trilinear interpolation of a field at the pulled position.
        const auto interpolate = [&](const float* field) {
          const float* c = field + corner;
          const float near_plane = (1 - fy) * ((1 - fx) * c[0] + fx * c[dx]) + fy * ((1 - fx) * c[dy] + fx * c[dy + dx]);
          if (fz == 0) return near_plane;
          const float* f = c + dz;
          const float far_plane = (1 - fy) * ((1 - fx) * f[0] + fx * f[dx]) + fy * ((1 - fx) * f[dy] + fx * f[dy + dx]);
          return (1 - fz) * near_plane + fz * far_plane;
        };
        for (int c = 0; c < patch.image_channels; ++c) {
          image[c * count + i] = interpolate(patch.image.data() + c * count);
        }
        label[i] = patch.label[std::lround(qx) + nx * (std::lround(qy) + ny * std::lround(qz))];
        // Distance maps are interpolated linearly like the image: smooth, close to the map of the warped
        // label, but not its exact distance transform (the warped label is not recomputed).
        for (int c = 0; c < patch.distance_channels; ++c) {
          distance[c * count + i] = interpolate(patch.distance.data() + c * count);
        }
      }
    }
  }
  patch.image = std::move(image);
  patch.label = std::move(label);
  patch.distance = std::move(distance);
}

}  // namespace hypera::data
