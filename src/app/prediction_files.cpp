#include "app/prediction_files.h"

#include <algorithm>

#include "app/file_stem.h"
#include "support/input_error.h"
#include "data/io/png_io.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

bool is_image_file(const fs::path& path) {
  const std::string extension = format_extension(path);
  return !extension.empty() && extension != ".npy" && extension != ".npz";
}

}  // namespace

std::vector<fs::path> image_inputs(const fs::path& input) {
  if (!fs::exists(input)) throw InputError(input.string() + ": no such file or folder");
  if (!fs::is_directory(input)) return {input};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(input)) {
    if (entry.is_regular_file() && is_image_file(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw InputError(input.string() + ": no TIFF, PNG, NIfTI or DICOM files in the folder");
  return files;
}

fs::path write_instance_png(const fs::path& out, const std::string& stem, const data::InstanceVolume& instances) {
  data::Volume<uint16_t> ids(instances.geometry);
  for (size_t i = 0; i < ids.voxels.size(); ++i) {
    ids.voxels[i] = static_cast<uint16_t>(std::min<int32_t>(instances.voxels[i], 65535));
  }
  const fs::path written = out / (stem + ".png");
  data::write_png_gray16(written, ids);
  return written;
}

}  // namespace hypera::app
