#include "core/measure/distance_transform.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "support/input_error.h"

namespace hypera::core {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Lines handled together in the y and z passes: gathering a block of neighbouring x columns reads whole
// cache lines instead of one double per cache line.
constexpr int64_t kBlock = 8;

// Scratch for the 1D lower envelope of the parabolas y = w (x - p)^2 + f(p) over p = 0..n-1.
// The boundary where parabola k starts to be the lowest is kept as a fraction num[k] / den[k] (den > 0),
// so that building and reading the envelope needs no division.
struct Envelope {
  std::vector<int64_t> apex;   // p of the parabolas in the envelope, left to right
  std::vector<double> value;   // f(p) of each
  std::vector<double> height;  // f(p) + w p^2 of each
  std::vector<double> num;
  std::vector<double> den;

  explicit Envelope(int64_t n) : apex(n), value(n), height(n), num(n), den(n) {}

  // In place on f[0], f[step], ..., f[(n-1) step]; w is the squared spacing along the line. Samples at
  // +infinity carry no parabola; a line with no finite sample stays +infinity.
  void transform(double* f, int64_t n, int64_t step, double w) {
    int64_t k = -1;
    for (int64_t q = 0; q < n; ++q) {
      const double fq = f[q * step];
      if (fq == kInf) continue;
      const double hq = fq + w * static_cast<double>(q) * static_cast<double>(q);
      if (k < 0) {
        k = 0;
        apex[0] = q;
        value[0] = fq;
        height[0] = hq;
        continue;
      }
      // Intersection with the top parabola at s = (hq - height[k]) / (2 w (q - apex[k])); the top is
      // dropped while s <= its own start (never the first one, which starts at -infinity).
      double s_num = 0;
      double s_den = 0;
      while (true) {
        s_num = hq - height[k];
        s_den = 2.0 * w * static_cast<double>(q - apex[k]);
        if (k == 0 || s_num * den[k] > num[k] * s_den) break;
        --k;
      }
      ++k;
      apex[k] = q;
      value[k] = fq;
      height[k] = hq;
      num[k] = s_num;
      den[k] = s_den;
    }
    if (k < 0) return;
    int64_t j = 0;
    for (int64_t q = 0; q < n; ++q) {
      const auto x = static_cast<double>(q);
      while (j < k && num[j + 1] < x * den[j + 1]) ++j;
      const auto d = static_cast<double>(q - apex[j]);
      f[q * step] = w * d * d + value[j];
    }
  }
};

// First pass along x: on a binary set the 1D transform is the squared distance to the nearest set voxel
// of the row, found by one scan in each direction.
void pass_x(const data::LabelVolume& mask, std::vector<double>& out) {
  const int64_t nx = mask.geometry.nx();
  const int64_t rows = mask.geometry.ny() * mask.geometry.nz();
  const double sx = nx > 1 ? mask.geometry.spacing[0] : 1.0;  // unused (and unchecked) on a single column
  for (int64_t r = 0; r < rows; ++r) {
    const uint8_t* m = mask.voxels.data() + r * nx;
    double* o = out.data() + r * nx;
    // Forward: voxel distance to the nearest set voxel on the left (kInf when none); backward: the right.
    double d = kInf;
    for (int64_t x = 0; x < nx; ++x) {
      d = m[x] != 0 ? 0.0 : d + 1.0;
      o[x] = d;
    }
    d = kInf;
    for (int64_t x = nx - 1; x >= 0; --x) {
      d = m[x] != 0 ? 0.0 : d + 1.0;
      const double nearest = std::min(d, o[x]) * sx;
      o[x] = nearest * nearest;
    }
  }
}

// Envelope pass along an axis with `stride` between samples and `n` samples per line, for the lines that
// start at base + x for x in [0, nx) and every base in `bases`.
void pass_axis(std::vector<double>& f, int64_t nx, int64_t n, int64_t stride, double spacing,
               const std::vector<int64_t>& bases) {
  if (n == 1) return;
  Envelope envelope(n);
  std::vector<double> block(static_cast<size_t>(kBlock * n));
  const double w = spacing * spacing;
  for (const int64_t base : bases) {
    for (int64_t x0 = 0; x0 < nx; x0 += kBlock) {
      const int64_t width = std::min(kBlock, nx - x0);
      for (int64_t i = 0; i < n; ++i) {
        const double* src = f.data() + base + x0 + i * stride;
        std::copy(src, src + width, block.data() + i * kBlock);
      }
      for (int64_t b = 0; b < width; ++b) envelope.transform(block.data() + b, n, kBlock, w);
      for (int64_t i = 0; i < n; ++i) {
        const double* src = block.data() + i * kBlock;
        std::copy(src, src + width, f.data() + base + x0 + i * stride);
      }
    }
  }
}

}  // namespace

std::vector<double> squared_distance_to_set(const data::LabelVolume& mask) {
  const data::Geometry& g = mask.geometry;
  for (int axis = 0; axis < 3; ++axis) {
    if (g.size[axis] > 1 && (!(g.spacing[axis] > 0) || g.spacing[axis] == kInf)) {
      throw InputError("distance transform: voxel spacing along axis " + std::to_string(axis) +
                       " must be positive and finite, got " + std::to_string(g.spacing[axis]));
    }
  }
  const int64_t nx = g.nx();
  const int64_t ny = g.ny();
  const int64_t nz = g.nz();
  std::vector<double> out(static_cast<size_t>(g.voxel_count()));
  if (out.empty()) return out;
  pass_x(mask, out);
  std::vector<int64_t> bases;
  for (int64_t z = 0; z < nz; ++z) bases.push_back(z * nx * ny);
  pass_axis(out, nx, ny, nx, g.spacing[1], bases);
  bases.clear();
  for (int64_t y = 0; y < ny; ++y) bases.push_back(y * nx);
  pass_axis(out, nx, nz, nx * ny, g.spacing[2], bases);
  return out;
}

}  // namespace hypera::core
