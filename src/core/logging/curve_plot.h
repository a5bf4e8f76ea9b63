#pragma once
// Learning curves as a PNG (loss, Dice, learning rate ... one panel per call): a kPlotWidth x kPlotHeight RGB
// image with a framed plot area, grid, numbered ticks on both axes, the x label below, one polyline per series
// in curve_colour(i), and a legend in the plot corner that covers the fewest points.
// Points with a non-finite x or y are skipped and break the line; a point without finite neighbours is drawn
// as a dot. With no finite point at all the axes span [0, 1].
// Thread-safe (no shared state). Cost: O(image pixels + total points), a few milliseconds plus the PNG encode.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hypera::core {

constexpr int kPlotWidth = 800;
constexpr int kPlotHeight = 500;

struct Series {
  std::string name;          // legend text
  std::vector<double> x, y;  // same length
};

// The colour of series i (a ten-colour palette, repeating).
std::array<uint8_t, 3> curve_colour(std::size_t series_index);

// Throws std::invalid_argument when a series has x.size() != y.size(); errors of the PNG writer propagate.
void plot_curves(const std::filesystem::path& png, const std::vector<Series>& series, const std::string& x_label);

}  // namespace hypera::core
