#include "core/train/metric_lines.h"

#include <cstdio>

#include "core/measure/finite_means.h"
#include "core/train/evaluator.h"

namespace hypera::core {
namespace {

// " (k of n not finite)" when `metrics` counts non-finite values of `name`, else "".
std::string nonfinite_note(const std::map<std::string, double>& metrics, const std::string& name) {
  const auto count = metrics.find(nonfinite_name(name));
  if (count == metrics.end() || !(count->second > 0)) return "";
  const auto samples = metrics.find(kSampleCountKey);
  char text[64];
  if (samples == metrics.end()) {
    std::snprintf(text, sizeof text, " (%.0f not finite)", count->second);
  } else {
    std::snprintf(text, sizeof text, " (%.0f of %.0f not finite)", count->second, samples->second);
  }
  return text;
}

}  // namespace

std::string short_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", value);
  return text;
}

std::string headline_metrics(const std::map<std::string, double>& metrics, const std::string& select_metric) {
  std::string line;
  for (const std::string& name : {select_metric, std::string("dice"), std::string("f1@0.50"), std::string("hd95")}) {
    const auto it = metrics.find(name);
    if (it == metrics.end() || line.find("  " + name + " ") != std::string::npos) continue;
    line += "  " + name + " " + short_number(it->second) + nonfinite_note(metrics, name);
  }
  return line;
}

}  // namespace hypera::core
