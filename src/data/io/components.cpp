#include "data/io/components.h"

#include <cstddef>
#include <utility>

namespace hypera::data {
namespace {

int64_t find(std::vector<int64_t>& parent, int64_t a) {
  while (parent[a] != a) a = parent[a] = parent[parent[a]];
  return a;
}

// Joins two runs' sets; the earlier run stays the root, so every root is its component's first run.
void join(std::vector<int64_t>& parent, int64_t a, int64_t b) {
  a = find(parent, a);
  b = find(parent, b);
  if (a > b) std::swap(a, b);
  parent[b] = a;
}

// Joins the runs [a, a_end) of one row with the runs [b, b_end) of a neighbouring row that touch them (x
// ranges that overlap, widened by `slack`: 1 for full connectivity, where diagonal neighbours touch) and hold
// the same value. Runs of one row are sorted and disjoint, but may be adjacent (different values), so one run
// may touch several of the other row: each run scans those from the first that can still touch it.
void join_touching(const std::vector<VoxelRun>& runs, const std::vector<int64_t>& value, int64_t a, int64_t a_end,
                   int64_t b, int64_t b_end, int64_t slack, std::vector<int64_t>& parent) {
  for (; a < a_end; ++a) {
    while (b < b_end && runs[b].end + slack <= runs[a].begin) ++b;
    for (int64_t k = b; k < b_end && runs[k].begin < runs[a].end + slack; ++k) {
      if (value[a] == value[k]) join(parent, a, k);
    }
  }
}

}  // namespace

template <class T>
RunComponents run_components(const Volume<T>& values, Connectivity connectivity, ComponentsOf which) {
  const Geometry& g = values.geometry;
  const int64_t nx = g.nx(), ny = g.ny(), nz = g.nz();
  const bool full = connectivity == Connectivity::Full;
  const bool non_zero = which == ComponentsOf::NonZero;
  // The rows before a row (in scan order) that can hold its neighbours: (dy, dz).
  std::vector<std::pair<int64_t, int64_t>> before = {{-1, 0}, {0, -1}};
  if (full) before = {{-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
  RunComponents out;
  std::vector<int64_t> parent;
  std::vector<int64_t> value;  // per run
  std::vector<int64_t> first_run(static_cast<size_t>(ny * nz) + 1, 0);  // row r's runs: [first_run[r], first_run[r + 1])
  for (int64_t row = 0; row < ny * nz; ++row) {
    const int64_t y = row % ny;
    const int64_t z = row / ny;
    const T* v = values.voxels.data() + row * nx;
    first_run[row] = static_cast<int64_t>(out.runs.size());
    for (int64_t x = 0; x < nx;) {
      const T at = v[x];
      if ((at != T{}) != non_zero) {
        ++x;
        continue;
      }
      const int64_t begin = x;
      while (x < nx && v[x] == at) ++x;
      parent.push_back(static_cast<int64_t>(out.runs.size()));
      value.push_back(static_cast<int64_t>(at));
      out.runs.push_back({row, begin, x});
    }
    first_run[row + 1] = static_cast<int64_t>(out.runs.size());
    for (const auto& [dy, dz] : before) {
      if (y + dy < 0 || y + dy >= ny || z + dz < 0) continue;
      const int64_t other = row + dy + dz * ny;
      join_touching(out.runs, value, first_run[row], first_run[row + 1], first_run[other], first_run[other + 1],
                    full ? 1 : 0, parent);
    }
  }
  out.id.assign(out.runs.size(), 0);
  out.size.assign(1, 0);
  out.border.assign(1, false);
  for (size_t r = 0; r < out.runs.size(); ++r) {
    const int64_t root = find(parent, static_cast<int64_t>(r));
    if (root == static_cast<int64_t>(r)) {
      out.id[r] = ++out.count;
      out.size.push_back(0);
      out.border.push_back(false);
    } else {
      out.id[r] = out.id[root];
    }
    const VoxelRun& run = out.runs[r];
    const int64_t y = run.row % ny;
    const int64_t z = run.row / ny;
    const bool border = run.begin == 0 || run.end == nx || y == 0 || y == ny - 1 || (nz > 1 && (z == 0 || z == nz - 1));
    out.size[out.id[r]] += run.end - run.begin;
    out.border[out.id[r]] = out.border[out.id[r]] || border;
  }
  return out;
}

InstanceVolume paint_components(const RunComponents& components, const Geometry& geometry) {
  InstanceVolume out(geometry);
  for (size_t r = 0; r < components.runs.size(); ++r) {
    const VoxelRun& run = components.runs[r];
    int32_t* row = out.voxels.data() + run.row * geometry.nx();
    for (int64_t x = run.begin; x < run.end; ++x) row[x] = components.id[r];
  }
  return out;
}

template <class T>
InstanceVolume label_components(const Volume<T>& values, Connectivity connectivity, int32_t* count) {
  const RunComponents components = run_components(values, connectivity);
  if (count) *count = components.count;
  return paint_components(components, values.geometry);
}

template RunComponents run_components(const Volume<uint8_t>&, Connectivity, ComponentsOf);
template RunComponents run_components(const Volume<uint16_t>&, Connectivity, ComponentsOf);
template RunComponents run_components(const Volume<int32_t>&, Connectivity, ComponentsOf);
template InstanceVolume label_components(const Volume<uint8_t>&, Connectivity, int32_t*);
template InstanceVolume label_components(const Volume<uint16_t>&, Connectivity, int32_t*);
template InstanceVolume label_components(const Volume<int32_t>&, Connectivity, int32_t*);

}  // namespace hypera::data
