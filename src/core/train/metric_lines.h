#pragma once
// The trainer's console lines about metrics. The console shows the selection metric and a few headline
// metrics; summary.json, metrics.csv and TensorBoard keep all of them.
#include <map>
#include <string>

namespace hypera::core {

// Four decimals, e.g. "0.9132".
std::string short_number(double value);

// "  <select_metric> v  dice v  f1@0.50 v  hd95 v" for those of them that `metrics` holds, each once.
std::string headline_metrics(const std::map<std::string, double>& metrics, const std::string& select_metric);

}  // namespace hypera::core
