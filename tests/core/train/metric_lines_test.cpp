// The console's headline line (metric_lines.h): a metric with non-finite values carries their count after
// its mean, and the counts are not headline metrics of their own.
#include "core/train/metric_lines.h"

#include <gtest/gtest.h>

#include <cmath>

namespace hypera::core {
namespace {

TEST(MetricLines, HeadlineNotesTheNonFiniteCount) {
  const std::map<std::string, double> metrics = {
      {"dice", 0.5}, {"hd95", 12.38}, {"hd95_nonfinite", 2}, {"assd_nonfinite", 2}, {"samples", 50}};
  EXPECT_EQ(headline_metrics(metrics, "dice"), "  dice 0.5000  hd95 12.3800 (2 of 50 not finite)");
}

TEST(MetricLines, HeadlineWithoutCountsOrSampleCount) {
  EXPECT_EQ(headline_metrics({{"dice", 0.25}, {"hd95", 3}}, "dice"), "  dice 0.2500  hd95 3.0000");
  const std::map<std::string, double> no_finite = {{"dice", 0}, {"hd95", NAN}, {"hd95_nonfinite", 4}};
  EXPECT_EQ(headline_metrics(no_finite, "dice"), "  dice 0.0000  hd95 nan (4 not finite)");
}

}  // namespace
}  // namespace hypera::core
