#pragma once
// The class names a prepared file stores (root attribute "class_names", data/pipeline/prepared_format.h): index = label value,
// background first; and by the same rule the names of its image channels (attribute "channel_names"). Class names
// name the per-class metrics (dice_<name>, core/train/evaluator.h), so they are kept to characters that every
// consumer (metrics.csv, TensorBoard tags, JSON keys) takes as they are. Thread-safe.
#include <string>
#include <vector>

#include "data/io/targets.h"

namespace hypera::data {

// `name` with every character outside [A-Za-z0-9_-] replaced by '_' (how data sets' own names, e.g. nnU-Net's
// "left atrium", become class names).
std::string cleaned_class_name(const std::string& name);

// True for 2..255 names, each non-empty, of [A-Za-z0-9_-] only, no two equal.
bool valid_class_names(const std::vector<std::string>& names);

// True for 1..kMaxImageChannels names, each non-empty, of [A-Za-z0-9_-] only, no two equal.
inline constexpr int kMaxImageChannels = 16;
bool valid_channel_names(const std::vector<std::string>& names);

// valid_class_names, and for the targets of fixed classes exactly fixed_class_names(target): the one check of
// every reader and writer of class names (prepared files, RUN/classes.txt).
bool class_names_suit(const std::vector<std::string>& names, TargetKind target);

// "background,left,right": the names joined by ','.
std::string join_class_names(const std::vector<std::string>& names);

// The inverse of join_class_names; the result is not validated (valid_class_names does that).
std::vector<std::string> split_class_names(const std::string& joined);

}  // namespace hypera::data
