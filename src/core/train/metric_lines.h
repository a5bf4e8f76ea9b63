#pragma once
// The trainer's console lines about metrics. The console shows the selection metric and a few headline
// metrics; summary.json, metrics.csv and TensorBoard keep all of them.
#include <map>
#include <string>

namespace hypera::core {

// Four decimals, e.g. "0.9132".
std::string short_number(double value);

// "  <select_metric> v  dice v  f1@0.50 v  hd95 v" for those of them that `metrics` holds, each once.
// `metrics` as evaluate returns them (evaluator.h): a metric with a "<name>_nonfinite" entry gets the note
// " (k of n not finite)" after its value (n from the "samples" entry; " (k not finite)" without one), e.g.
// "  hd95 12.3800 (2 of 50 not finite)"; the _nonfinite and samples entries are not headline metrics (shown
// on their own only when one of them is select_metric).
std::string headline_metrics(const std::map<std::string, double>& metrics, const std::string& select_metric);

}  // namespace hypera::core
