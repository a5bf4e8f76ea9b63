#include "core/measure/distance_transform.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "support/input_error.h"

namespace hypera::core {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Lines handled together in the z pass: gathering a block of neighbouring x columns reads whole cache lines
// instead of one double per cache line.
constexpr int64_t kBlock = 8;

// The spacing per axis, checked where the axis has more than one voxel; 1 on an axis of one voxel, where
// it multiplies only zero offsets (and is not checked).
std::array<double, 3> checked_spacing(const data::Geometry& g) {
  std::array<double, 3> spacing{1, 1, 1};
  for (int axis = 0; axis < 3; ++axis) {
    if (g.size[axis] == 1) continue;
    spacing[axis] = g.spacing[axis];
    if (!(spacing[axis] > 0) || spacing[axis] == kInf) {
      throw InputError("distance transform: voxel spacing along axis " + std::to_string(axis) +
                       " must be positive and finite, got " + std::to_string(spacing[axis]));
    }
  }
  return spacing;
}

// The lower envelope of the parabolas y = w (x - p)^2 + f(p) over the samples p = 0..n-1 of a line.
// The boundary where parabola k starts to be the lowest is kept as a fraction num[k] / den[k] (den > 0),
// so that building and reading the envelope needs no division.
class Envelope {
 public:
  explicit Envelope(int64_t n) : apex_(n), value_(n), height_(n), num_(n), den_(n) {}

  // Builds it from f[0], f[step], ..., f[(n-1) step]; samples at +infinity carry no parabola. False when
  // no sample is finite (the envelope is +infinity everywhere).
  bool build(const double* f, int64_t n, int64_t step, double w) {
    top_ = -1;
    w_ = w;
    for (int64_t q = 0; q < n; ++q) {
      const double fq = f[q * step];
      if (fq == kInf) continue;
      const auto x = static_cast<double>(q);
      const double hq = fq + w * x * x;
      // Intersection with the top parabola at s = (hq - height[k]) / (2 w (q - apex[k])); the top is
      // dropped while s <= its own start (never the first one, which starts at -infinity).
      double s_num = 0;
      double s_den = 0;
      int64_t k = top_;
      while (k >= 0) {
        s_num = hq - height_[k];
        s_den = 2.0 * w * (x - apex_[k]);
        if (k == 0 || s_num * den_[k] > num_[k] * s_den) break;
        --k;
      }
      top_ = ++k;
      apex_[k] = x;
      value_[k] = fq;
      height_[k] = hq;
      num_[k] = s_num;
      den_[k] = s_den;
    }
    return top_ >= 0;
  }

  // Writes the envelope at every sample, f[q step] for q = 0..n-1, after a build that returned true.
  // Parabola k covers the samples from its start (the first q > num[k] / den[k]) to the next one's.
  void write(double* f, int64_t n, int64_t step) const {
    int64_t q = 0;
    for (int64_t k = 0; k <= top_; ++k) {
      int64_t end = n;
      if (k < top_) {
        const double boundary = num_[k + 1] / den_[k + 1];
        if (boundary < 0) continue;
        if (boundary < static_cast<double>(n)) end = static_cast<int64_t>(boundary) + 1;
      }
      for (; q < end; ++q) {
        const double d = static_cast<double>(q) - apex_[k];
        f[q * step] = w_ * d * d + value_[k];
      }
    }
  }

 private:
  std::vector<double> apex_;    // p of the parabolas in the envelope, left to right
  std::vector<double> value_;   // f(p) of each
  std::vector<double> height_;  // f(p) + w p^2 of each
  std::vector<double> num_;
  std::vector<double> den_;
  int64_t top_ = -1;
  double w_ = 0;
};

// First pass, along y, one slice at a time: on a binary set the 1D transform is the squared distance to the
// nearest set voxel of the column, found by one scan down and one up that carry, per column, the row of the
// last set voxel seen. Each scan step handles a whole row, so that the inner loops vectorise over x.
void pass_y(const data::LabelVolume& mask, double sy, double* f) {
  const int64_t nx = mask.geometry.nx();
  const int64_t ny = mask.geometry.ny();
  std::vector<double> seen(static_cast<size_t>(nx));
  for (int64_t z = 0; z < mask.geometry.nz(); ++z) {
    const uint8_t* slice_mask = mask.voxels.data() + z * nx * ny;
    double* slice = f + z * nx * ny;
    // Down: rows to the nearest set voxel above or at (+infinity when none).
    std::fill(seen.begin(), seen.end(), -kInf);
    for (int64_t y = 0; y < ny; ++y) {
      const uint8_t* set = slice_mask + y * nx;
      double* row = slice + y * nx;
      const auto here = static_cast<double>(y);
      for (int64_t x = 0; x < nx; ++x) {
        seen[x] = set[x] != 0 ? here : seen[x];
        row[x] = here - seen[x];
      }
    }
    // Up: the nearer of that and the nearest below, as a squared physical distance.
    std::fill(seen.begin(), seen.end(), kInf);
    for (int64_t y = ny - 1; y >= 0; --y) {
      const uint8_t* set = slice_mask + y * nx;
      double* row = slice + y * nx;
      const auto here = static_cast<double>(y);
      for (int64_t x = 0; x < nx; ++x) {
        seen[x] = set[x] != 0 ? here : seen[x];
        const double d = std::min(row[x], seen[x] - here) * sy;
        row[x] = d * d;
      }
    }
  }
}

// Second pass, along z (3D only), on blocks of kBlock neighbouring columns.
void pass_z(const data::Geometry& g, double sz, double* f) {
  const int64_t nx = g.nx();
  const int64_t nz = g.nz();
  const int64_t stride = nx * g.ny();
  Envelope envelope(nz);
  std::vector<double> block(static_cast<size_t>(kBlock * nz));
  for (int64_t y = 0; y < g.ny(); ++y) {
    for (int64_t x0 = 0; x0 < nx; x0 += kBlock) {
      double* line = f + y * nx + x0;
      const int64_t width = std::min(kBlock, nx - x0);
      for (int64_t z = 0; z < nz; ++z) std::copy(line + z * stride, line + z * stride + width, &block[z * kBlock]);
      for (int64_t b = 0; b < width; ++b) {
        if (envelope.build(&block[b], nz, kBlock, sz * sz)) envelope.write(&block[b], nz, kBlock);
      }
      for (int64_t z = 0; z < nz; ++z) std::copy(&block[z * kBlock], &block[z * kBlock] + width, line + z * stride);
    }
  }
}

// min over p of w (x - p)^2 + f[p] on a row of nx samples (the last pass's value at x), searched outwards
// from x while w r^2 is below the best so far: the same sums as the envelope's, in few steps where the
// distance is short. Each step spends one unit of `budget`; the result is meaningless when it ends negative.
double search_row(const double* f, int64_t nx, int64_t x, double w, int64_t& budget) {
  double best = f[x];
  const int64_t farthest = std::max(x, nx - 1 - x);
  for (int64_t r = 1; r <= farthest && budget >= 0; ++r, --budget) {
    const double reach = w * static_cast<double>(r) * static_cast<double>(r);
    if (reach >= best) break;
    if (r <= x) best = std::min(best, reach + f[x - r]);
    if (x + r < nx) best = std::min(best, reach + f[x + r]);
  }
  return best;
}

// The passes along y and z: f (voxel_count values) then holds the squared distance to the nearest set voxel
// with the same x, ready for the last pass along the contiguous x rows.
void passes_y_z(const data::LabelVolume& mask, const std::array<double, 3>& spacing, double* f) {
  pass_y(mask, spacing[1], f);
  if (mask.geometry.nz() > 1) pass_z(mask.geometry, spacing[2], f);
}

}  // namespace

void squared_distance_to_set(const data::LabelVolume& mask, std::vector<double>& out) {
  const data::Geometry& g = mask.geometry;
  const std::array<double, 3> spacing = checked_spacing(g);
  out.resize(static_cast<size_t>(g.voxel_count()));
  passes_y_z(mask, spacing, out.data());
  const int64_t nx = g.nx();
  Envelope envelope(nx);
  for (double* row = out.data(); row != out.data() + out.size(); row += nx) {
    if (envelope.build(row, nx, 1, spacing[0] * spacing[0])) envelope.write(row, nx, 1);
  }
}

std::vector<double> squared_distance_to_set(const data::LabelVolume& mask) {
  std::vector<double> out;
  squared_distance_to_set(mask, out);
  return out;
}

std::vector<double> squared_distance_at(const data::LabelVolume& mask, const data::LabelVolume& where) {
  const data::Geometry& g = mask.geometry;
  if (!g.same_grid(where.geometry)) throw InputError("distance transform: the two grids differ in size");
  const std::array<double, 3> spacing = checked_spacing(g);
  const auto wanted_count = std::count_if(where.voxels.begin(), where.voxels.end(), [](uint8_t v) { return v != 0; });
  std::vector<double> out;
  if (wanted_count == 0) return out;
  out.reserve(static_cast<size_t>(wanted_count));
  // Every value is written by the first pass before it is read.
  const std::unique_ptr<double[]> f(new double[static_cast<size_t>(g.voxel_count())]);
  passes_y_z(mask, spacing, f.get());
  const int64_t nx = g.nx();
  const double w = spacing[0] * spacing[0];
  Envelope envelope(nx);
  for (int64_t start = 0; start < g.voxel_count(); start += nx) {
    const uint8_t* wanted = where.voxels.data() + start;
    double* row = f.get() + start;
    // Near values are searched for; once the row's searches have cost more than building its envelope
    // would, the envelope answers the rest.
    int64_t budget = 4 * nx;
    for (int64_t x = 0; x < nx; ++x) {
      if (wanted[x] == 0) continue;
      if (budget >= 0) {
        const double near = search_row(row, nx, x, w, budget);
        if (budget >= 0) {
          out.push_back(near);
          continue;
        }
        if (envelope.build(row, nx, 1, w)) envelope.write(row, nx, 1);
      }
      out.push_back(row[x]);
    }
  }
  return out;
}

}  // namespace hypera::core
