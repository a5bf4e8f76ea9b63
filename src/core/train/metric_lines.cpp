#include "core/train/metric_lines.h"

#include <cstdio>

namespace hypera::core {

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
    line += "  " + name + " " + short_number(it->second);
  }
  return line;
}

}  // namespace hypera::core
