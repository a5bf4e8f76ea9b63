// hypera_dist refine: a run's trained segmentation agents applied to probability maps written by another
// framework (MONAI, nnU-Net, ...).
#include <iostream>
#include <map>
#include <optional>

#include "app/argument_list.h"
#include "app/commands.h"
#include "app/file_stem.h"
#include "app/prediction_files.h"
#include "app/probability_files.h"
#include "app/run_refiner.h"
#include "data/io/image_reader.h"
#include "support/input_error.h"
#include "data/io/nifti_io.h"
#include "data/io/normalization.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

const char* const kUsage =
    "usage: hypera_dist refine --agents RUN_DIR --probs DIR --out DIR [--image DIR]\n"
    "\n"
    "Refines class probability maps with the segmentation agents of RUN_DIR (trained by refine-train); the\n"
    "maps must have the run's classes (2: background, foreground; 3: background, interior, boundary).\n"
    "Files in DIR, per case:\n"
    "  <case>.npz             nnU-Net's --save_probabilities output: key 'probabilities', shape (C, [Z,] Y, X)\n"
    "                         (the .pkl and the segmentation beside it are ignored)\n"
    "  <case>.npy             a NumPy array of shape (C, [Z,] Y, X)\n"
    "  <case>.c<k>.nii[.gz]   one NIfTI file per class k = 0..C-1\n"
    "--image DIR: the images the maps were predicted from, matched by case name (<case>.tif, .png, .nii.gz,\n"
    "  ...; nnU-Net's <case>_0000 names also match). They are percentile-normalized and give the agents'\n"
    "  intensity features, and their geometry (spacing, orientation) is written to 3D outputs. Without\n"
    "  --image, the foreground probability (1 - p(class 0)) stands in for the image in those features.\n"
    "Writes into DIR per case: 2D <case>.png (16-bit instance ids), 3D <case>.nii.gz (uint8 mask 0/1).\n";

// Images of --image by case name; "<case>_0000" (nnU-Net's first channel) also names <case>.
std::map<std::string, fs::path> images_by_case(const fs::path& folder) {
  std::map<std::string, fs::path> images;
  for (const auto& path : image_inputs(folder)) {
    std::string name = stem_of(path);
    const std::string channel = "_0000";
    if (name.size() > channel.size() && name.compare(name.size() - channel.size(), channel.size(), channel) == 0) {
      images.emplace(name.substr(0, name.size() - channel.size()), path);
    }
    images[name] = path;
  }
  return images;
}

data::ImageVolume image_for(const ProbabilityCase& c, const std::map<std::string, fs::path>* images) {
  const data::Geometry& grid = c.probabilities.front().geometry;
  if (!images) {
    data::ImageVolume foreground(grid);
    for (size_t i = 0; i < foreground.voxels.size(); ++i) {
      foreground.voxels[i] = 1.0f - c.probabilities.front().voxels[i];
    }
    return foreground;
  }
  const auto it = images->find(c.name);
  if (it == images->end()) throw InputError(c.files.front().string() + ": no image named " + c.name + " in --image");
  data::ImageVolume image = data::read_image(it->second);
  if (!image.geometry.same_grid(grid)) {
    const auto& a = image.geometry.size;
    const auto& b = grid.size;
    throw InputError(it->second.string() + ": " + std::to_string(a[0]) + "x" + std::to_string(a[1]) + "x" +
                     std::to_string(a[2]) + " voxels, but the probabilities of " + c.files.front().string() +
                     " are " + std::to_string(b[0]) + "x" + std::to_string(b[1]) + "x" + std::to_string(b[2]));
  }
  data::normalize_percentiles(image);
  return image;
}

}  // namespace

int run_refine(const Arguments& arguments) {
  const auto split = split_arguments(arguments, {"agents", "probs", "out", "image"}, {"help"});
  if (split.flags.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!split.rest.empty()) throw InputError("refine: unexpected argument '" + split.rest.front() + "'");
  const fs::path run = required(split, "agents");
  const fs::path out = required(split, "out");
  auto cases = find_probability_cases(required(split, "probs"));
  std::optional<std::map<std::string, fs::path>> images;
  if (split.values.count("image")) images = images_by_case(split.values.at("image"));
  agents::SegmentationRefiner refiner = open_run_refiner(run);
  const auto classes = static_cast<size_t>(refiner.classes());

  fs::create_directories(out);
  for (auto& c : cases) {
    read_probabilities(c);
    if (c.probabilities.size() != classes) {
      throw InputError(c.files.front().string() + ": " + std::to_string(c.probabilities.size()) +
                       " classes, but the agents of " + run.string() + " refine " + std::to_string(classes) +
                       "-class probabilities");
    }
    const data::ImageVolume image = image_for(c, images ? &*images : nullptr);
    for (auto& volume : c.probabilities) volume.geometry = image.geometry;
    const auto refined = refiner.refine(c.probabilities, image);
    fs::path written;
    if (image.geometry.is_2d()) {
      written = write_instance_png(out, c.name, refined.result.instances);
    } else {
      written = out / (c.name + ".nii.gz");
      data::LabelVolume mask = refined.result.mask;
      mask.geometry = image.geometry;
      data::write_nifti(written, mask);
    }
    std::cout << c.files.front().string() << " -> " << written.string() << "\n";
  }
  return 0;
}

}  // namespace hypera::app
