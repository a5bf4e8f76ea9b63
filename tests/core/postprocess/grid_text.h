#pragma once
// Hand-drawn 2D grids for the post-processing tests: one string per row (y), one character per voxel
// (x). Masks: '#' is 1, anything else 0. Objects: '1'..'9' are ids, anything else 0.
#include <string>
#include <vector>

#include "data/io/volume.h"

namespace hypera::core::testing {

// Two 7x7 squares joined by a one-voxel bridge (opening with radius 1 cuts it).
inline const std::vector<std::string> kBridgedSquares = {
    ".....................",
    ".#######.....#######.",
    ".#######.....#######.",
    ".#######.....#######.",
    ".###################.",
    ".#######.....#######.",
    ".#######.....#######.",
    ".#######.....#######.",
    ".....................",
};

inline data::Geometry grid_of(const std::vector<std::string>& rows) {
  data::Geometry g;
  g.size = {static_cast<int64_t>(rows.at(0).size()), static_cast<int64_t>(rows.size()), 1};
  return g;
}

inline data::LabelVolume mask_from(const std::vector<std::string>& rows) {
  data::LabelVolume mask(grid_of(rows));
  for (size_t y = 0; y < rows.size(); ++y) {
    for (size_t x = 0; x < rows[y].size(); ++x) mask.at(x, y) = rows[y][x] == '#';
  }
  return mask;
}

inline data::InstanceVolume objects_from(const std::vector<std::string>& rows) {
  data::InstanceVolume objects(grid_of(rows));
  for (size_t y = 0; y < rows.size(); ++y) {
    for (size_t x = 0; x < rows[y].size(); ++x) {
      const char c = rows[y][x];
      objects.at(x, y) = c >= '1' && c <= '9' ? c - '0' : 0;
    }
  }
  return objects;
}

// The inverse of mask_from / objects_from, for readable failure messages.
template <class T>
std::vector<std::string> rows_of(const data::Volume<T>& grid, bool as_mask) {
  std::vector<std::string> rows;
  for (int64_t y = 0; y < grid.geometry.ny(); ++y) {
    std::string row;
    for (int64_t x = 0; x < grid.geometry.nx(); ++x) {
      const auto v = static_cast<int>(grid.at(x, y));
      row += v == 0 ? '.' : as_mask ? '#' : static_cast<char>('0' + v);
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace hypera::core::testing
