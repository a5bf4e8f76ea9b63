#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/logging/plot_axis.h"

namespace hypera::core {
namespace {

void expect_nice_axis_enclosing(double lo, double hi) {
  const PlotAxis axis = make_plot_axis(lo, hi);
  EXPECT_LE(axis.lo, lo);
  EXPECT_GE(axis.hi, hi);
  EXPECT_LT(axis.lo, axis.hi);
  ASSERT_EQ(axis.ticks.size(), axis.labels.size());
  EXPECT_GE(axis.ticks.size(), 4u) << lo << " " << hi;
  EXPECT_LE(axis.ticks.size(), 12u) << lo << " " << hi;
  const double mantissa = axis.step / std::pow(10.0, std::floor(std::log10(axis.step)));
  EXPECT_TRUE(std::fabs(mantissa - 1) < 1e-9 || std::fabs(mantissa - 2) < 1e-9 || std::fabs(mantissa - 5) < 1e-9)
      << axis.step;
  EXPECT_NEAR(axis.ticks.front(), axis.lo, 1e-12 * std::fabs(axis.step));
  EXPECT_NEAR(axis.ticks.back(), axis.hi, 1e-9 * std::fabs(axis.hi));
}

TEST(PlotAxis, UnitIntervalGetsTenthsOrFifths) {
  const PlotAxis axis = make_plot_axis(0.13, 0.97);
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
}

TEST(PlotAxis, EpochsGetIntegerLabels) {
  const PlotAxis axis = make_plot_axis(1, 20);
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"0", "5", "10", "15", "20"}));
}

TEST(PlotAxis, TinyAndHugeValuesUseExponents) {
  const PlotAxis tiny = make_plot_axis(1e-6, 5e-6);
  EXPECT_EQ(tiny.labels.front(), "1e-06");
  const PlotAxis huge = make_plot_axis(0, 3e7);
  EXPECT_EQ(huge.labels,
            (std::vector<std::string>{"0", "5.0e+06", "1.0e+07", "1.5e+07", "2.0e+07", "2.5e+07", "3.0e+07"}));
}

TEST(PlotAxis, EnclosesAnyRangeWithNiceSteps) {
  expect_nice_axis_enclosing(-3.7, 12.2);
  expect_nice_axis_enclosing(0.0001, 0.00093);
  expect_nice_axis_enclosing(990, 1010);
  expect_nice_axis_enclosing(-1e9, -2e8);
  expect_nice_axis_enclosing(2.5, 2.5);  // a single value
  expect_nice_axis_enclosing(0, 0);
}

TEST(PlotAxis, ZeroTickHasNoSign) {
  const PlotAxis axis = make_plot_axis(-1, 1);
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"-1.0", "-0.5", "0.0", "0.5", "1.0"}));
}

}  // namespace
}  // namespace hypera::core
