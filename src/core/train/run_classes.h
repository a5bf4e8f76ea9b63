#pragma once
// RUN/classes.txt: the class names of the data set a run trained on, one per line, line k naming label value k
// (PreparedInfo::class_names). Written when training starts, so that the commands that load a finished run
// (infer, eval, refine-train: run_model.h) build the network's head with the right number of classes and name the
// per-class metrics, without the prepared file. RUN/channels.txt likewise names the image channels (modalities)
// the network takes, in order (PreparedInfo::channel_names), so that they build its input and infer knows what to
// read.
#include <filesystem>
#include <string>
#include <vector>

#include "data/io/targets.h"

namespace hypera::core {

// Writes RUN/classes.txt atomically. InputError naming the file when it cannot be written.
void write_run_classes(const std::filesystem::path& run, const std::vector<std::string>& class_names);

// Writes RUN/channels.txt atomically. InputError naming the file when it cannot be written.
void write_run_channels(const std::filesystem::path& run, const std::vector<std::string>& channel_names);

// The names in a classes.txt file (one per line, each line ended by a newline), as valid_class_names
// (data/io/class_names.h) requires; anything else, or an unreadable file, is an InputError naming it.
std::vector<std::string> read_class_list(const std::filesystem::path& file);

// The names in RUN/classes.txt. A run without the file (trained before it existed) has the fixed names of its
// target (data::fixed_class_names); for target classes that, or a file whose names are not valid
// (data/io/class_names.h) or do not suit the target, is an InputError naming the file.
std::vector<std::string> read_run_classes(const std::filesystem::path& run, data::TargetKind target);

// The names in RUN/channels.txt; a run without the file (trained before it existed) has one channel, "image". A
// file that is not 1..16 valid channel names (data/io/class_names.h), one per line, is an InputError naming it.
std::vector<std::string> read_run_channels(const std::filesystem::path& run);

}  // namespace hypera::core
