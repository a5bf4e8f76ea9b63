#pragma once
// The class names a prepared file stores (root attribute "class_names", prepared_format.h): index = label value,
// background first. They name the per-class metrics (dice_<name>, core/train/evaluator.h), so they are kept to
// characters that every consumer (metrics.csv, TensorBoard tags, JSON keys) takes as they are. Thread-safe.
#include <string>
#include <vector>

namespace hypera::data {

// True for 2..255 names, each non-empty, of [A-Za-z0-9_-] only, no two equal.
bool valid_class_names(const std::vector<std::string>& names);

// "background,left,right": the names joined by ','.
std::string join_class_names(const std::vector<std::string>& names);

// The inverse of join_class_names; the result is not validated (valid_class_names does that).
std::vector<std::string> split_class_names(const std::string& joined);

}  // namespace hypera::data
