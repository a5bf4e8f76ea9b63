#include "app/prediction_files.h"

#include <algorithm>
#include <set>

#include "app/file_stem.h"
#include "data/io/labelled_dataset.h"
#include "support/text_ending.h"
#include "support/input_error.h"
#include "data/io/png_io.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

using support::ends_with;

bool is_image_file(const fs::path& path) {
  const std::string extension = format_extension(path);
  return !extension.empty() && extension != ".npy" && extension != ".npz";
}

}  // namespace

std::vector<CaseFiles> group_case_files(const std::vector<fs::path>& files, int channels) {
  std::vector<CaseFiles> cases;
  std::set<fs::path> claimed;
  const std::string first = data::nnunet_channel_suffix(0);
  for (const fs::path& file : files) {
    const std::string stem = stem_of(file);
    if (channels == 1 || !ends_with(stem, first)) continue;
    CaseFiles group{stem.substr(0, stem.size() - first.size()), {file}};
    const std::string ending = file.filename().string().substr(stem.size());
    for (int c = 1; c < channels; ++c) {
      const fs::path sibling = file.parent_path() / (group.name + data::nnunet_channel_suffix(c) + ending);
      if (!fs::is_regular_file(sibling)) {
        throw InputError(sibling.string() + ": missing; " + file.filename().string() + " starts a case of " +
                         std::to_string(channels) + " image channels (nnU-Net's _0000, _0001, ... files)");
      }
      group.files.push_back(sibling);
    }
    claimed.insert(group.files.begin(), group.files.end());
    cases.push_back(std::move(group));
  }
  for (const fs::path& file : files) {
    if (!claimed.count(file)) cases.push_back({stem_of(file), {file}});
  }
  std::sort(cases.begin(), cases.end(), [](const CaseFiles& a, const CaseFiles& b) { return a.files < b.files; });
  return cases;
}

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
