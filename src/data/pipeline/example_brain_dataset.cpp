#include "data/pipeline/example_brain_dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "data/io/file_error.h"
#include "data/io/labelled_dataset.h"
#include "data/io/nifti_io.h"
#include "data/pipeline/prepare_common.h"
#include "support/durable_file.h"
#include "support/input_error.h"

namespace hypera::data {
namespace fs = std::filesystem;
namespace {

constexpr int kLastCerebrumRegion = 90;  // AAL 1..90: cerebrum, odd left, even right
constexpr int kLastAalRegion = 116;      // AAL 91..116: cerebellum and vermis
const char* const kCasePrefix = "brain_";
const char* const kEnding = ".nii.gz";

void require_in_range(const char* option, int value, int low, int high) {
  if (value < low || value > high) {
    throw InputError(std::string("option --") + option + ": " + std::to_string(value) + " is outside " +
                     std::to_string(low) + ".." + std::to_string(high));
  }
}

void check_options(const ExampleBrainOptions& options) {
  if (options.layout != "nnunet" && options.layout != "msd") {
    throw InputError("option --layout: '" + options.layout + "' is neither nnunet nor msd");
  }
  if (options.out.empty()) throw InputError("option --out: empty folder name");
  require_in_range("channels", options.channels, 1, int(example_brain_channels().size()));
  require_in_range("downsample", options.downsample, 1, 8);
  require_in_range("cases", options.cases, 2, 64);
  require_in_range("test-cases", options.test_cases, 0, options.cases - 2);
}

// `other` (the atlas or the second image, read from `other_file`) must lie on the image's grid.
void require_same_grid(const Geometry& image, const Geometry& other, const fs::path& other_file) {
  bool same = image.size == other.size;
  for (size_t i = 0; i < image.affine.size(); ++i) same = same && std::abs(image.affine[i] - other.affine[i]) < 1e-3;
  if (!same)
    throw_file_error(other_file,
                     "grid " + grid_text(other) + " or its affine differs from the image's (" + grid_text(image) + ")");
}

// The image channels of the options: `image`, then with 2 channels `second_image`, which must lie on the
// image's grid and takes its geometry (so that every channel of a case carries the same affine).
std::vector<ImageVolume> read_channels(const ExampleBrainOptions& options) {
  std::vector<ImageVolume> channels{read_nifti(options.image)};
  if (options.channels == 2) {
    channels.push_back(read_nifti(options.second_image));
    require_same_grid(channels[0].geometry, channels[1].geometry, options.second_image);
    channels[1].geometry = channels[0].geometry;
  }
  return channels;
}

// The example class of each atlas voxel (the mapping of the header).
LabelVolume atlas_classes(const ImageVolume& atlas, const fs::path& atlas_file) {
  LabelVolume classes(atlas.geometry);
  for (size_t i = 0; i < atlas.voxels.size(); ++i) {
    const float value = atlas.voxels[i];
    if (!(value >= 0 && value <= kLastAalRegion) || value != std::floor(value)) {
      throw_file_error(atlas_file,
                       "value " + std::to_string(value) + " is not an AAL region 0.." + std::to_string(kLastAalRegion));
    }
    const int region = int(value);
    classes.voxels[i] = region == 0 ? 0 : region <= kLastCerebrumRegion ? (region % 2 == 1 ? 1 : 2) : 3;
  }
  return classes;
}

bool labelled_slice(const LabelVolume& classes, int64_t z) {
  const auto first = classes.voxels.begin() + z * classes.geometry.nx() * classes.geometry.ny();
  return std::any_of(first, first + classes.geometry.nx() * classes.geometry.ny(), [](uint8_t c) { return c > 0; });
}

// Every n-th voxel along x and y of the slices z_first, z_first + n, ... (`slices` of them), with the
// affine of that subgrid: the source's columns times n, its origin at source voxel (0, 0, z_first).
template <class T>
Volume<T> subsampled_slab(const Volume<T>& volume, int n, int64_t z_first, int64_t slices) {
  const Geometry& source = volume.geometry;
  Geometry geometry = source;
  geometry.size = {(source.nx() + n - 1) / n, (source.ny() + n - 1) / n, slices};
  for (int axis = 0; axis < 3; ++axis) geometry.spacing[axis] = source.spacing[axis] * n;
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column) geometry.affine[row * 4 + column] = source.affine[row * 4 + column] * n;
    geometry.affine[row * 4 + 3] = source.affine[row * 4 + 2] * double(z_first) + source.affine[row * 4 + 3];
  }
  Volume<T> slab(geometry);
  for (int64_t z = 0; z < slices; ++z) {
    for (int64_t y = 0; y < geometry.ny(); ++y) {
      for (int64_t x = 0; x < geometry.nx(); ++x) slab.at(x, y, z) = volume.at(x * n, y * n, z_first + z * n);
    }
  }
  return slab;
}

struct Slab {
  std::vector<ImageVolume> channels;  // the image channels, cut alike
  LabelVolume classes;
};

// The labelled z range cut into `cases` slabs of the subsampled grid; slabs without a labelled voxel are
// left out.
std::vector<Slab> cut_slabs(const std::vector<ImageVolume>& channels, const LabelVolume& classes,
                            const ExampleBrainOptions& options) {
  int64_t z_low = 0;
  int64_t z_high = classes.geometry.nz() - 1;
  while (z_low <= z_high && !labelled_slice(classes, z_low)) ++z_low;
  while (z_high >= z_low && !labelled_slice(classes, z_high)) --z_high;
  if (z_low > z_high) throw_file_error(options.atlas, "holds no AAL region");
  const int n = options.downsample;
  const int64_t slices = (z_high - z_low) / n + 1;
  if (slices < options.cases) {
    throw InputError("option --cases: " + std::to_string(options.cases) + " slabs need " +
                     std::to_string(options.cases) + " slices, but the labelled z range holds " +
                     std::to_string(slices) + " at --downsample " + std::to_string(n));
  }
  std::vector<Slab> slabs;
  for (int c = 0; c < options.cases; ++c) {
    const int64_t begin = slices * c / options.cases;
    const int64_t end = slices * (c + 1) / options.cases;
    const int64_t z_first = z_low + begin * n;
    Slab slab{{}, subsampled_slab(classes, n, z_first, end - begin)};
    for (const ImageVolume& channel : channels) {
      slab.channels.push_back(subsampled_slab(channel, n, z_first, end - begin));
    }
    if (count_foreground(slab.classes) > 0) slabs.push_back(std::move(slab));
  }
  return slabs;
}

// Case files of an earlier run (brain_*.nii.gz) in the case folders.
void remove_earlier_cases(const fs::path& out) {
  for (const char* folder : {"imagesTr", "labelsTr", "imagesTs", "labelsTs"}) {
    std::error_code error;
    if (!fs::is_directory(out / folder, error)) continue;
    std::vector<fs::path> earlier;
    for (const auto& entry : fs::directory_iterator(out / folder)) {
      const std::string name = entry.path().filename().string();
      const size_t ending = std::char_traits<char>::length(kEnding);
      const bool ours = name.rfind(kCasePrefix, 0) == 0 && name.size() > ending &&
                        name.compare(name.size() - ending, ending, kEnding) == 0;
      if (ours && entry.is_regular_file()) earlier.push_back(entry.path());
    }
    for (const auto& file : earlier) fs::remove(file);
  }
}

std::string case_name(int index) {
  char name[16];
  std::snprintf(name, sizeof name, "%s%03d", kCasePrefix, index);
  return name;
}

nlohmann::ordered_json dataset_description(const ExampleBrainOptions& options, const std::vector<std::string>& training,
                                           const std::vector<std::string>& test) {
  const auto& classes = example_brain_classes();
  nlohmann::ordered_json json;
  json["name"] = "HyperaExampleBrain";
  const std::string second = options.channels == 2
                                 ? ", channel 1 from its brain-extracted ch2bet (" + options.second_image.string() + ")"
                                 : "";
  json["description"] = "Generated by hypera_dist example-data from mricron-data's ch2 T1 MRI (" +
                        options.image.string() + ")" + second + " and the AAL atlas (" + options.atlas.string() +
                        "): " + std::to_string(training.size() + test.size()) + " z slabs subsampled by " +
                        std::to_string(options.downsample) +
                        " along each axis; classes from AAL regions: left cerebrum (odd "
                        "1..89), right cerebrum (even 2..90), cerebellum and vermis (91..116)";
  nlohmann::ordered_json channels;
  for (int c = 0; c < options.channels; ++c) channels[std::to_string(c)] = example_brain_channels()[size_t(c)];
  if (options.layout == "nnunet") {
    json["channel_names"] = channels;
    nlohmann::ordered_json labels;
    for (size_t c = 0; c < classes.size(); ++c) labels[classes[c]] = c;
    json["labels"] = labels;
    json["numTraining"] = training.size();
    json["file_ending"] = kEnding;
    return json;
  }
  json["modality"] = channels;
  nlohmann::ordered_json labels;
  for (size_t c = 0; c < classes.size(); ++c) labels[std::to_string(c)] = classes[c];
  json["labels"] = labels;
  json["numTraining"] = training.size();
  json["numTest"] = test.size();
  json["training"] = nlohmann::ordered_json::array();
  for (const auto& name : training) {
    json["training"].push_back({{"image", "./imagesTr/" + name + kEnding}, {"label", "./labelsTr/" + name + kEnding}});
  }
  json["test"] = nlohmann::ordered_json::array();
  for (const auto& name : test) json["test"].push_back("./imagesTs/" + name + kEnding);
  return json;
}

// The image files of case `name` in `folder`: nnU-Net, one file per channel (name_0000, name_0001, ...); MSD,
// one file holding every channel (4D when there are several).
void write_case_images(const ExampleBrainOptions& options, const fs::path& folder, const std::string& name,
                       const std::vector<ImageVolume>& channels) {
  if (options.layout == "msd") {
    write_nifti_volumes(folder / (name + kEnding), channels);
    return;
  }
  for (size_t c = 0; c < channels.size(); ++c) {
    write_nifti(folder / (name + nnunet_channel_suffix(int(c)) + kEnding), channels[c]);
  }
}

// Which of `slabs` slabs are test cases: `test` of them spread evenly, slab floor((t + 1/2) slabs / test) for
// t = 0..test-1, so that the test cases sample the head from bottom to top as the training cases do (the top or
// the bottom slabs alone would test anatomy that training barely saw).
std::vector<bool> spread_test_slabs(int slabs, int test) {
  std::vector<bool> is_test(slabs, false);
  for (int t = 0; t < test; ++t) is_test[(2 * t + 1) * slabs / (2 * test)] = true;
  return is_test;
}

}  // namespace

ExampleBrainSummary write_example_brain_dataset(const ExampleBrainOptions& options) {
  check_options(options);
  const std::vector<ImageVolume> channels = read_channels(options);
  const ImageVolume atlas = read_nifti(options.atlas);
  require_same_grid(channels[0].geometry, atlas.geometry, options.atlas);
  const std::vector<Slab> slabs = cut_slabs(channels, atlas_classes(atlas, options.atlas), options);
  ExampleBrainSummary summary;
  summary.skipped_slabs = options.cases - int(slabs.size());
  summary.test_cases = std::min<int>(options.test_cases, int(slabs.size()));
  summary.training_cases = int(slabs.size()) - summary.test_cases;
  if (summary.training_cases < 2) {
    throw_file_error(options.atlas, "only " + std::to_string(summary.training_cases) +
                                        " training slabs hold AAL regions; at least 2 are needed");
  }
  try {
    for (const char* folder : {"imagesTr", "labelsTr", "imagesTs", "labelsTs"})
      fs::create_directories(options.out / folder);
    remove_earlier_cases(options.out);
  } catch (const fs::filesystem_error& error) {
    throw_file_error(options.out, std::string("cannot prepare the folder (") + error.code().message() + ")");
  }
  std::vector<std::string> training;
  std::vector<std::string> test;
  const std::vector<bool> test_slab = spread_test_slabs(int(slabs.size()), summary.test_cases);
  for (size_t i = 0; i < slabs.size(); ++i) {
    const std::string name = case_name(int(i));
    const bool is_test = test_slab[i];
    (is_test ? test : training).push_back(name);
    const std::string split = is_test ? "Ts" : "Tr";
    write_case_images(options, options.out / ("images" + split), name, slabs[i].channels);
    write_nifti(options.out / ("labels" + split) / (name + kEnding), slabs[i].classes);
    for (uint8_t c : slabs[i].classes.voxels) ++summary.class_voxels[c];
  }
  summary.dataset_json = options.out / "dataset.json";
  support::write_file_atomically(summary.dataset_json, dataset_description(options, training, test).dump(2) + "\n");
  return summary;
}

}  // namespace hypera::data
