#pragma once
// Axis ranges and tick marks for plots: "nice" steps of 1, 2 or 5 times a power of ten, about five to ten ticks.
// Pure functions; thread-safe.
#include <string>
#include <vector>

namespace hypera::core {

struct PlotAxis {
  double lo = 0, hi = 1;      // the drawn range; lo < hi; multiples of step enclosing the data
  double step = 0.2;          // distance between ticks
  std::vector<double> ticks;  // lo, lo + step, ..., hi
  // One per tick with the same number of digits ("0.5", "1.0"); scientific ("2.5e-05") for steps below 1e-4
  // or values from 1e6 up.
  std::vector<std::string> labels;
};

// An axis enclosing [data_lo, data_hi] (finite, data_lo <= data_hi). A single value v gets a range around it.
PlotAxis make_plot_axis(double data_lo, double data_hi);

}  // namespace hypera::core
