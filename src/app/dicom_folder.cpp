#include "app/dicom_folder.h"

namespace hypera::app {
namespace fs = std::filesystem;

data::DicomSeries dicom_series_choice(const SplitArguments& split) {
  const auto it = split.values.find(kDicomSeriesOption);
  return {it == split.values.end() ? std::string() : it->second, std::string("--") + kDicomSeriesOption + " UID"};
}

bool is_dicom_series_folder(const fs::path& path, bool (*is_other_format)(const fs::path&)) {
  if (!data::holds_dicom_files(path)) return false;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(path, error)) {
    if (entry.is_regular_file(error) && is_other_format(entry.path())) return false;
  }
  return true;
}

fs::path trimmed_folder(const fs::path& folder) {
  return folder.has_filename() || !folder.has_parent_path() ? folder : folder.parent_path();
}

}  // namespace hypera::app
