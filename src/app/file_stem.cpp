#include "app/file_stem.h"

#include <algorithm>
#include <cctype>

namespace hypera::app {

std::string format_extension(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  for (const char* extension : {".nii.gz", ".nii", ".tiff", ".tif", ".png", ".dcm", ".npy", ".npz"}) {
    const std::string ending = extension;
    if (name.size() > ending.size() && name.compare(name.size() - ending.size(), ending.size(), ending) == 0) {
      return ending;
    }
  }
  return {};
}

std::string stem_of(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.substr(0, name.size() - format_extension(path).size());
}

}  // namespace hypera::app
