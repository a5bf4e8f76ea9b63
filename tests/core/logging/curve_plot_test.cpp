#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/logging/curve_plot.h"
#include "data/io/png_io.h"
#include "common/scratch_folder.h"

namespace hypera::core {
namespace {

struct Image {
  data::Volume<uint16_t> r, g, b;
  bool is(int64_t x, int64_t y, std::array<uint8_t, 3> c) const {
    return r.at(x, y) == c[0] && g.at(x, y) == c[1] && b.at(x, y) == c[2];
  }
  int64_t count(std::array<uint8_t, 3> c) const {
    int64_t n = 0;
    for (int64_t y = 0; y < r.geometry.ny(); ++y) {
      for (int64_t x = 0; x < r.geometry.nx(); ++x) n += is(x, y, c);
    }
    return n;
  }
  // Topmost row holding colour c in the leftmost (first = true) or rightmost column that holds it.
  int64_t edge_column_top_row(std::array<uint8_t, 3> c, bool first) const {
    const int64_t nx = r.geometry.nx();
    for (int64_t k = 0; k < nx; ++k) {
      const int64_t x = first ? k : nx - 1 - k;
      for (int64_t y = 0; y < r.geometry.ny(); ++y) {
        if (is(x, y, c)) return y;
      }
    }
    return -1;
  }
};

Image read_rgb(const std::filesystem::path& png) {
  return {data::read_png_channel(png, 0), data::read_png_channel(png, 1), data::read_png_channel(png, 2)};
}

TEST(CurvePlot, TwoSeriesAppearInTheirColoursOnAnImageOfTheDocumentedSize) {
  test::ScratchFolder dir;
  Series train{"train loss", {}, {}}, val{"val loss", {}, {}};
  for (int epoch = 1; epoch <= 30; ++epoch) {
    train.x.push_back(epoch);
    train.y.push_back(1.2 * std::exp(-epoch / 8.0));
    val.x.push_back(epoch);
    val.y.push_back(epoch == 12 ? std::numeric_limits<double>::quiet_NaN() : 0.2 + 1.0 * std::exp(-epoch / 10.0));
  }
  const auto png = dir.path() / "loss.png";
  plot_curves(png, {train, val}, "epoch");
  const Image image = read_rgb(png);
  EXPECT_EQ(image.r.geometry.nx(), kPlotWidth);
  EXPECT_EQ(image.r.geometry.ny(), kPlotHeight);
  // Each curve spans most of the plot width at two pixels of thickness.
  EXPECT_GT(image.count(curve_colour(0)), 800);
  EXPECT_GT(image.count(curve_colour(1)), 800);
  EXPECT_EQ(image.count(curve_colour(2)), 0);
  EXPECT_EQ(image.r.at(0, 0), 255);  // white background
  // Falling curves: the leftmost pixel of a curve is higher (smaller row) than the rightmost.
  EXPECT_LT(image.edge_column_top_row(curve_colour(0), true), image.edge_column_top_row(curve_colour(0), false));
  EXPECT_LT(image.edge_column_top_row(curve_colour(1), true), image.edge_column_top_row(curve_colour(1), false));
}

TEST(CurvePlot, NanPointsBreakTheLineWithoutDrawingAnything) {
  test::ScratchFolder dir;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Series all_nan{"nothing", {1, 2, 3}, {nan, nan, nan}};
  const Series dots{"dots", {1, 2, 3}, {0.5, nan, 0.7}};  // two isolated points, no line between them
  const auto nothing_png = dir.path() / "nothing.png", dots_png = dir.path() / "dots.png";
  plot_curves(nothing_png, {all_nan}, "step");
  plot_curves(dots_png, {dots}, "step");
  const Image nothing = read_rgb(nothing_png), with_dots = read_rgb(dots_png);
  const int64_t legend_swatch = nothing.count(curve_colour(0));
  EXPECT_GT(legend_swatch, 0);
  EXPECT_EQ(with_dots.count(curve_colour(0)) - legend_swatch, 2 * 5 * 5);  // two 5x5 dots
}

TEST(CurvePlot, MismatchedSeriesLengthsAreRejected) {
  test::ScratchFolder dir;
  EXPECT_THROW(plot_curves(dir.path() / "bad.png", {Series{"bad", {1, 2}, {1}}}, "x"), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad.png"));
}

}  // namespace
}  // namespace hypera::core
