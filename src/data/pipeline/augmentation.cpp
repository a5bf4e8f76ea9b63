#include "data/pipeline/augmentation.h"

#include <algorithm>
#include <stdexcept>

#include "data/pipeline/elastic.h"

namespace hypera::data {
namespace {

template <class T>
void flip_array(std::vector<T>& values, const std::array<int64_t, 3>& size, int axis) {
  const int64_t stride = axis_stride(size, axis);
  const int64_t extent = size[axis];
  const int64_t outer = values.size() / (stride * extent);
  for (int64_t o = 0; o < outer; ++o) {
    T* block = values.data() + o * stride * extent;
    for (int64_t i = 0; i < extent / 2; ++i) {
      std::swap_ranges(block + i * stride, block + (i + 1) * stride, block + (extent - 1 - i) * stride);
    }
  }
}

// One quarter turn of every n x n plane of `values` (every z slice, of every map for stacked distance
// maps): out(x, y) = in(n - 1 - y, x).
template <class T>
void quarter_turn(std::vector<T>& values, const std::array<int64_t, 3>& size) {
  const int64_t n = size[0];
  std::vector<T> plane(static_cast<size_t>(n * n));
  const int64_t planes = static_cast<int64_t>(values.size()) / (n * n);
  for (int64_t z = 0; z < planes; ++z) {
    T* slice = values.data() + z * n * n;
    std::copy(slice, slice + n * n, plane.begin());
    for (int64_t y = 0; y < n; ++y) {
      for (int64_t x = 0; x < n; ++x) slice[y * n + x] = plane[x * n + (n - 1 - y)];
    }
  }
}

bool draw(double p, std::mt19937_64& rng) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p; }

}  // namespace

void flip(Patch& patch, int axis) {
  if (axis < 0 || axis > 2) throw std::invalid_argument("flip: axis must be 0, 1 or 2");
  flip_array(patch.image, patch.size, axis);
  flip_array(patch.label, patch.size, axis);
  flip_array(patch.distance, patch.size, axis);  // stacked maps: each map is one more outer block
}

void rotate90(Patch& patch, int quarter_turns) {
  const int turns = ((quarter_turns % 4) + 4) % 4;
  if (turns == 2) {
    flip(patch, 0);
    flip(patch, 1);
    return;
  }
  if (turns == 0) return;
  if (patch.size[0] != patch.size[1]) {
    throw std::invalid_argument("rotate90: an odd number of quarter turns needs a square y-x plane");
  }
  for (int t = 0; t < turns; ++t) {
    quarter_turn(patch.image, patch.size);
    quarter_turn(patch.label, patch.size);
    quarter_turn(patch.distance, patch.size);
  }
}

void scale_shift_intensity(Patch& patch, float scale, float shift) {
  for (float& value : patch.image) value = value * scale + shift;
}

void augment(Patch& patch, const AugmentationParams& params, std::mt19937_64& rng) {
  if (draw(params.elastic_p, rng)) elastic_deform(patch, params.elastic_alpha, params.elastic_sigma, rng);
  if (draw(params.rotate_p, rng)) {
    const bool square = patch.size[0] == patch.size[1];
    rotate90(patch, square ? std::uniform_int_distribution<int>(1, 3)(rng) : 2);
  }
  const int spatial_axes = patch.size[2] > 1 ? 3 : 2;
  for (int axis = 0; axis < spatial_axes; ++axis) {
    if (draw(params.flip_p, rng)) flip(patch, axis);
  }
  if (params.intensity > 0) {
    std::uniform_real_distribution<double> offset(-params.intensity, params.intensity);
    const double scale = 1.0 + offset(rng);
    const double shift = offset(rng);
    scale_shift_intensity(patch, static_cast<float>(scale), static_cast<float>(shift));
  }
}

}  // namespace hypera::data
