#include "core/logging/curve_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/logging/plot_axis.h"
#include "core/logging/rgb_canvas.h"
#include "data/io/png_io.h"

namespace hypera::core {
namespace {

constexpr int kTextScale = 2;
constexpr int kLineThickness = 2;
constexpr int kTickLength = 5;
constexpr int kSwatch = 24;  // legend colour sample length, pixels
constexpr int kPad = 12;     // space between elements, pixels
constexpr Rgb kWhite = {255, 255, 255}, kBlack = {0, 0, 0}, kGrid = {225, 225, 225}, kLegendFrame = {160, 160, 160};

constexpr std::array<Rgb, 10> kPalette = {{{31, 119, 180},
                                           {255, 127, 14},
                                           {44, 160, 44},
                                           {214, 39, 40},
                                           {148, 103, 189},
                                           {140, 86, 75},
                                           {227, 119, 194},
                                           {127, 127, 127},
                                           {188, 189, 34},
                                           {23, 190, 207}}};

bool finite_point(const Series& s, std::size_t i) { return std::isfinite(s.x[i]) && std::isfinite(s.y[i]); }

struct Rect {
  int x0, y0, x1, y1;  // x0 <= x < x1, y0 <= y < y1
  bool contains(int x, int y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

// Maps data coordinates to pixels inside `area`.
struct Mapping {
  PlotAxis x_axis, y_axis;
  Rect area;
  int px(double x) const {
    return area.x0 + static_cast<int>(std::lround((x - x_axis.lo) / (x_axis.hi - x_axis.lo) * (area.x1 - 1 - area.x0)));
  }
  int py(double y) const {
    return area.y1 - 1 -
           static_cast<int>(std::lround((y - y_axis.lo) / (y_axis.hi - y_axis.lo) * (area.y1 - 1 - area.y0)));
  }
};

Mapping make_mapping(const std::vector<Series>& series) {
  const double inf = std::numeric_limits<double>::infinity();
  double x_lo = inf, x_hi = -inf, y_lo = inf, y_hi = -inf;
  for (const Series& s : series) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!finite_point(s, i)) continue;
      x_lo = std::min(x_lo, s.x[i]);
      x_hi = std::max(x_hi, s.x[i]);
      y_lo = std::min(y_lo, s.y[i]);
      y_hi = std::max(y_hi, s.y[i]);
    }
  }
  if (x_lo > x_hi) {  // no finite point
    x_lo = y_lo = 0;
    x_hi = y_hi = 1;
  }
  Mapping m{make_plot_axis(x_lo, x_hi), make_plot_axis(y_lo, y_hi), {}};
  int widest_label = 0;
  for (const std::string& label : m.y_axis.labels) widest_label = std::max(widest_label, text_width(label, kTextScale));
  const int below = kTickLength + kPad / 2 + 2 * text_height(kTextScale) + 2 * kPad;
  m.area = {kPad + widest_label + kPad / 2 + kTickLength, 2 * kPad, kPlotWidth - 3 * kPad, kPlotHeight - below};
  return m;
}

void draw_axes(RgbCanvas& canvas, const Mapping& m, const std::string& x_label) {
  const Rect& a = m.area;
  const int label_top = a.y1 + kTickLength + kPad / 2;
  for (std::size_t i = 0; i < m.x_axis.ticks.size(); ++i) {
    const int x = m.px(m.x_axis.ticks[i]);
    canvas.fill_rect(x, a.y0, x + 1, a.y1, kGrid);
    canvas.fill_rect(x, a.y1, x + 1, a.y1 + kTickLength, kBlack);
    const std::string& label = m.x_axis.labels[i];
    canvas.draw_text(x - text_width(label, kTextScale) / 2, label_top, label, kBlack, kTextScale);
  }
  for (std::size_t i = 0; i < m.y_axis.ticks.size(); ++i) {
    const int y = m.py(m.y_axis.ticks[i]);
    canvas.fill_rect(a.x0, y, a.x1, y + 1, kGrid);
    canvas.fill_rect(a.x0 - kTickLength, y, a.x0, y + 1, kBlack);
    const std::string& label = m.y_axis.labels[i];
    canvas.draw_text(a.x0 - kTickLength - kPad / 2 - text_width(label, kTextScale), y - text_height(kTextScale) / 2,
                     label, kBlack, kTextScale);
  }
  canvas.stroke_rect(a.x0 - 1, a.y0 - 1, a.x1 + 1, a.y1 + 1, kBlack);
  canvas.draw_text((a.x0 + a.x1 - text_width(x_label, kTextScale)) / 2, label_top + text_height(kTextScale) + kPad,
                   x_label, kBlack, kTextScale);
}

void draw_series(RgbCanvas& canvas, const Mapping& m, const Series& s, Rgb colour) {
  const std::size_t n = s.x.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!finite_point(s, i)) continue;
    const bool next = i + 1 < n && finite_point(s, i + 1);
    const bool previous = i > 0 && finite_point(s, i - 1);
    if (next) {
      canvas.draw_line(m.px(s.x[i]), m.py(s.y[i]), m.px(s.x[i + 1]), m.py(s.y[i + 1]), colour, kLineThickness);
    } else if (!previous) {
      const int x = m.px(s.x[i]), y = m.py(s.y[i]);
      canvas.fill_rect(x - 2, y - 2, x + 3, y + 3, colour);
    }
  }
}

// The legend box in the corner of the plot area that holds the fewest data points.
Rect legend_box(const Mapping& m, const std::vector<Series>& series) {
  const int row = text_height(kTextScale) + kPad / 2;
  int widest = 0;
  for (const Series& s : series) widest = std::max(widest, text_width(s.name, kTextScale));
  const int w = kPad + kSwatch + kPad / 2 + widest + kPad, h = kPad + static_cast<int>(series.size()) * row;
  const Rect& a = m.area;
  const Rect corners[] = {{a.x1 - kPad - w, a.y0 + kPad, a.x1 - kPad, a.y0 + kPad + h},
                          {a.x1 - kPad - w, a.y1 - kPad - h, a.x1 - kPad, a.y1 - kPad},
                          {a.x0 + kPad, a.y0 + kPad, a.x0 + kPad + w, a.y0 + kPad + h},
                          {a.x0 + kPad, a.y1 - kPad - h, a.x0 + kPad + w, a.y1 - kPad}};
  const Rect* best = &corners[0];
  std::size_t fewest = std::numeric_limits<std::size_t>::max();
  for (const Rect& r : corners) {
    std::size_t covered = 0;
    for (const Series& s : series) {
      for (std::size_t i = 0; i < s.x.size(); ++i)
        covered += finite_point(s, i) && r.contains(m.px(s.x[i]), m.py(s.y[i]));
    }
    if (covered < fewest) {
      fewest = covered;
      best = &r;
    }
  }
  return *best;
}

void draw_legend(RgbCanvas& canvas, const Mapping& m, const std::vector<Series>& series) {
  const Rect box = legend_box(m, series);
  canvas.fill_rect(box.x0, box.y0, box.x1, box.y1, kWhite);
  canvas.stroke_rect(box.x0, box.y0, box.x1, box.y1, kLegendFrame);
  const int row = text_height(kTextScale) + kPad / 2;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const int top = box.y0 + kPad / 2 + static_cast<int>(i) * row + kPad / 4;
    const int mid = top + text_height(kTextScale) / 2;
    canvas.fill_rect(box.x0 + kPad, mid - 1, box.x0 + kPad + kSwatch, mid + 2, curve_colour(i));
    canvas.draw_text(box.x0 + kPad + kSwatch + kPad / 2, top, series[i].name, kBlack, kTextScale);
  }
}

}  // namespace

std::array<uint8_t, 3> curve_colour(std::size_t series_index) { return kPalette[series_index % kPalette.size()]; }

void plot_curves(const std::filesystem::path& png, const std::vector<Series>& series, const std::string& x_label) {
  for (const Series& s : series) {
    if (s.x.size() != s.y.size()) {
      throw std::invalid_argument("plot_curves: series '" + s.name + "' has " + std::to_string(s.x.size()) +
                                  " x values and " + std::to_string(s.y.size()) + " y values");
    }
  }
  RgbCanvas canvas(kPlotWidth, kPlotHeight, kWhite);
  const Mapping m = make_mapping(series);
  draw_axes(canvas, m, x_label);
  for (std::size_t i = 0; i < series.size(); ++i) draw_series(canvas, m, series[i], curve_colour(i));
  if (!series.empty()) draw_legend(canvas, m, series);
  data::write_png_rgb8(png, canvas.width(), canvas.height(), canvas.rgb());
}

}  // namespace hypera::core
