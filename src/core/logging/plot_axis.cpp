#include "core/logging/plot_axis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hypera::core {
namespace {

constexpr int kTargetIntervals = 5;

double nice_step(double span) {
  const double raw = span / kTargetIntervals;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / magnitude;
  const double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * magnitude;
}

std::string tick_label(double value, double step, double largest_magnitude) {
  char text[32];
  if (largest_magnitude >= 1e6 || step < 1e-4) {  // scientific, digits down to the step: "2.5e-05"
    if (value == 0) return "0";
    const int digits = static_cast<int>(std::floor(std::log10(largest_magnitude)) - std::floor(std::log10(step)));
    std::snprintf(text, sizeof text, "%.*e", std::max(0, digits), value);
  } else {
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
  }
  return text;
}

}  // namespace

PlotAxis make_plot_axis(double data_lo, double data_hi) {
  if (data_hi <= data_lo) {
    const double pad = data_lo == 0 ? 1 : std::fabs(data_lo) * 0.1;
    data_lo -= pad;
    data_hi += pad;
  }
  PlotAxis axis;
  axis.step = nice_step(data_hi - data_lo);
  const double first = std::floor(data_lo / axis.step + 1e-9);
  const double last = std::ceil(data_hi / axis.step - 1e-9);
  axis.lo = first * axis.step;
  axis.hi = last * axis.step;
  const double largest = std::max(std::fabs(axis.lo), std::fabs(axis.hi));
  for (double k = first; k <= last; ++k) {
    const double tick = k == 0 ? 0.0 : k * axis.step;  // exact zero: no "-0.0"
    axis.ticks.push_back(tick);
    axis.labels.push_back(tick_label(tick, axis.step, largest));
  }
  return axis;
}

}  // namespace hypera::core
