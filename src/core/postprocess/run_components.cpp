#include "core/postprocess/run_components.h"

#include <cstddef>
#include <utility>

namespace hypera::core {
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

// Joins the runs [a, a_end) of one row with the runs [b, b_end) of a neighbouring row that touch them: whose
// x ranges overlap, widened by `slack` (1 for full connectivity: diagonal neighbours touch).
void join_touching(const std::vector<VoxelRun>& runs, int64_t a, int64_t a_end, int64_t b, int64_t b_end,
                   int64_t slack, std::vector<int64_t>& parent) {
  while (a < a_end && b < b_end) {
    if (runs[a].begin < runs[b].end + slack && runs[b].begin < runs[a].end + slack) join(parent, a, b);
    if (runs[a].end < runs[b].end) {
      ++a;
    } else {
      ++b;
    }
  }
}

}  // namespace

RunComponents run_components(const data::LabelVolume& mask, bool foreground, data::Connectivity connectivity) {
  const data::Geometry& g = mask.geometry;
  const int64_t nx = g.nx(), ny = g.ny(), nz = g.nz();
  const bool full = connectivity == data::Connectivity::Full;
  // The rows before a row (in scan order) that can hold its neighbours: (dy, dz).
  std::vector<std::pair<int64_t, int64_t>> before = {{-1, 0}, {0, -1}};
  if (full) before = {{-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
  RunComponents out;
  std::vector<int64_t> parent;
  std::vector<int64_t> first_run(static_cast<size_t>(ny * nz) + 1, 0);  // row r's runs: [first_run[r], first_run[r + 1])
  for (int64_t row = 0; row < ny * nz; ++row) {
    const int64_t y = row % ny;
    const int64_t z = row / ny;
    const uint8_t* m = mask.voxels.data() + row * nx;
    first_run[row] = static_cast<int64_t>(out.runs.size());
    for (int64_t x = 0; x < nx;) {
      if ((m[x] != 0) != foreground) {
        ++x;
        continue;
      }
      const int64_t begin = x;
      while (x < nx && (m[x] != 0) == foreground) ++x;
      parent.push_back(static_cast<int64_t>(out.runs.size()));
      out.runs.push_back({row, begin, x});
    }
    first_run[row + 1] = static_cast<int64_t>(out.runs.size());
    for (const auto& [dy, dz] : before) {
      if (y + dy < 0 || y + dy >= ny || z + dz < 0) continue;
      const int64_t other = row + dy + dz * ny;
      join_touching(out.runs, first_run[row], first_run[row + 1], first_run[other], first_run[other + 1],
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

data::InstanceVolume paint(const RunComponents& components, const data::Geometry& geometry) {
  data::InstanceVolume out(geometry);
  for (size_t r = 0; r < components.runs.size(); ++r) {
    const VoxelRun& run = components.runs[r];
    int32_t* row = out.voxels.data() + run.row * geometry.nx();
    for (int64_t x = run.begin; x < run.end; ++x) row[x] = components.id[r];
  }
  return out;
}

}  // namespace hypera::core
