#include "app/probability_files.h"

#include <algorithm>
#include <map>
#include <regex>

#include "app/file_stem.h"
#include "app/prediction_files.h"
#include "support/input_error.h"
#include "data/io/nifti_io.h"
#include "data/io/npy_io.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

enum class Kind { Npz, Npy, ClassNifti, Nifti };

struct Found {
  std::map<Kind, std::map<int, fs::path>> files;  // kind -> class index (0 unless ClassNifti) -> file
};

void check_values(const std::vector<data::ImageVolume>& volumes, const std::string& source) {
  if (volumes.size() < 2) throw InputError(source + ": one class; expected class probabilities (2 or more classes)");
  for (const auto& volume : volumes) {
    if (!volume.geometry.same_grid(volumes.front().geometry)) {
      throw InputError(source + ": the class maps have different grids");
    }
    // NaN fails both comparisons, so it is caught here; min/max alone would skip it.
    const auto outside = std::find_if(volume.voxels.begin(), volume.voxels.end(),
                                      [](float v) { return !(v >= -1e-3f && v <= 1.001f); });
    if (outside != volume.voxels.end()) {
      throw InputError(source + ": value " + std::to_string(*outside) + " outside [0, 1] at voxel " +
                       std::to_string(outside - volume.voxels.begin()) + ": logits, not probabilities?");
    }
  }
}

}  // namespace

std::vector<ProbabilityCase> find_probability_cases(const fs::path& folder) {
  if (!fs::is_directory(folder)) throw InputError(folder.string() + ": no such folder");
  static const std::regex class_file(R"((.+)\.c([0-9]+)\.nii(\.gz)?)");
  std::map<std::string, Found> cases;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& path = entry.path();
    const std::string name = path.filename().string();
    std::smatch match;
    if (std::regex_match(name, match, class_file)) {
      cases[match[1]].files[Kind::ClassNifti][std::stoi(match[2])] = path;
    } else if (path.extension() == ".npz") {
      cases[stem_of(path)].files[Kind::Npz][0] = path;
    } else if (path.extension() == ".npy") {
      cases[stem_of(path)].files[Kind::Npy][0] = path;
    } else if (path.extension() == ".nii" || name.size() > 7 && name.substr(name.size() - 7) == ".nii.gz") {
      cases[stem_of(path)].files[Kind::Nifti][0] = path;
    }
  }
  std::vector<ProbabilityCase> result;
  for (const auto& [name, found] : cases) {
    ProbabilityCase c{name, {}, {}};
    const auto& files = found.files.begin()->second;  // the first kind present, in the order of Kind
    for (const auto& [index, path] : files) {
      if (index != int(c.files.size())) {
        throw InputError(path.string() + ": class " + std::to_string(index) + " without class " +
                         std::to_string(c.files.size()) + " (expected " + name + ".c0 .. .c<C-1>)");
      }
      c.files.push_back(path);
    }
    result.push_back(std::move(c));
  }
  if (result.empty()) {
    throw InputError(folder.string() + ": no probability files (.npz, .npy, .nii, .nii.gz) in the folder");
  }
  return result;
}

void read_probabilities(ProbabilityCase& probability_case) {
  const fs::path& first = probability_case.files.front();
  const std::string source = first.string();
  auto& volumes = probability_case.probabilities;
  if (first.extension() == ".npz") {
    const auto arrays = data::read_npz(first);
    for (const auto& [key, array] : arrays) {
      if (key != "probabilities") {
        throw InputError(source + ": unknown key '" + key + "' (expected only 'probabilities', as nnU-Net saves)");
      }
    }
    if (!arrays.count("probabilities")) throw InputError(source + ": no 'probabilities' array");
    volumes = data::class_volumes(arrays.at("probabilities"), source);
  } else if (first.extension() == ".npy") {
    volumes = data::class_volumes(data::read_npy(first), source);
  } else {
    volumes.clear();
    for (const auto& file : probability_case.files) volumes.push_back(data::read_nifti(file));
  }
  check_values(volumes, source);
}

}  // namespace hypera::app
