#pragma once
// DICOM series folders on the command line of infer and eval: when a folder is read as one DICOM series
// volume, and the --dicom-series option that chooses one series of a folder holding several.
#include <filesystem>
#include <string>

#include "app/argument_list.h"
#include "data/io/dicom_io.h"

namespace hypera::app {

// The option's name as split_arguments knows it, and as the reader's errors name it.
inline constexpr const char* kDicomSeriesOption = "dicom-series";

// The series chosen by --dicom-series (uid empty without the option), with "--dicom-series UID" as the option
// that the reader's error for a folder of several series names.
data::DicomSeries dicom_series_choice(const SplitArguments& split);

// Whether `path` is a folder holding DICOM Part 10 files directly and no file that `is_other_format` accepts
// (such a folder is one DICOM series, read as a volume). False for a file or a missing path. Cost: lists the
// folder and reads 132 bytes of at most every file.
bool is_dicom_series_folder(const std::filesystem::path& path, bool (*is_other_format)(const std::filesystem::path&));

// `folder` without a trailing separator ("a/CT5N/" -> "a/CT5N"), so that its file name (and stem_of) names it.
std::filesystem::path trimmed_folder(const std::filesystem::path& folder);

}  // namespace hypera::app
