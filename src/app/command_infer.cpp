// hypera_dist infer: predicted masks for new images with a run's best checkpoint.
#include <iostream>

#include "app/argument_list.h"
#include "app/commands.h"
#include "core/train/checkpoint_store.h"
#include "core/train/model_factory.h"
#include "core/train/run_config.h"
#include "core/train/segmentation_predictor.h"
#include "data/io/image_reader.h"
#include "data/io/input_error.h"
#include "data/io/nifti_io.h"
#include "data/io/normalization.h"
#include "data/io/png_io.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

const char* const kUsage =
    "usage: hypera_dist infer --run RUN_DIR --input PATH --out DIR [--checkpoint best|last]\n"
    "\n"
    "PATH is an image (TIFF, PNG, NIfTI, DICOM file) or a folder of them. For each input it writes into DIR:\n"
    "  2D images: <name>.png, 16-bit instance ids (0 background, 1..N objects) of the final instance mask\n"
    "  volumes:   <name>.nii.gz, uint8 class labels on the input's grid (spacing and orientation kept)\n"
    "Images are normalized like the training data (1st/99th percentiles to [0, 1]).\n";

bool is_image_file(const fs::path& path) {
  const std::string name = path.filename().string();
  for (const char* ext : {".tif", ".tiff", ".png", ".nii", ".nii.gz", ".dcm"}) {
    const std::string e = ext;
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) return true;
  }
  return false;
}

std::string stem_of(const fs::path& path) {
  std::string name = path.filename().string();
  for (const std::string ext : {".nii.gz", ".tiff", ".tif", ".png", ".nii", ".dcm"}) {
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      return name.substr(0, name.size() - ext.size());
    }
  }
  return name;
}

std::vector<fs::path> inputs_of(const fs::path& input) {
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

}  // namespace

int run_infer(const Arguments& arguments) {
  const auto split = split_arguments(arguments, {"run", "input", "out", "checkpoint"}, {"help"});
  if (split.flags.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!split.rest.empty()) throw InputError("infer: unexpected argument '" + split.rest.front() + "'");
  const fs::path run = required(split, "run");
  const fs::path out = required(split, "out");
  const std::string tag = split.values.count("checkpoint") ? split.values.at("checkpoint") : "best";
  const auto config = core::load_run_config(run / "config.ini", {}).config;
  const auto target = data::parse_target_kind(config.data.target);

  core::UNet model(core::unet_options(config, data::num_classes(target)));
  core::CheckpointStore(run / "checkpoints").load(tag, *model, nullptr);
  torch::set_num_threads(config.train.threads);

  core::PredictionOptions prediction;
  prediction.slice_axis = config.data.slice_axis;
  prediction.bf16 = config.train.precision == "bf16";
  fs::create_directories(out);
  for (const auto& input : inputs_of(required(split, "input"))) {
    data::ImageVolume image = data::read_image(input);
    data::normalize_percentiles(image);
    const data::LabelVolume labels = core::predict_labels(model, image, prediction);
    fs::path written;
    if (image.geometry.is_2d()) {
      const data::InstanceVolume instances = core::final_instances(labels, target);
      data::Volume<uint16_t> ids(instances.geometry);
      for (size_t i = 0; i < ids.voxels.size(); ++i) {
        ids.voxels[i] = static_cast<uint16_t>(std::min<int32_t>(instances.voxels[i], 65535));
      }
      written = out / (stem_of(input) + ".png");
      data::write_png_gray16(written, ids);
    } else {
      written = out / (stem_of(input) + ".nii.gz");
      data::write_nifti(written, labels);
    }
    std::cout << input.string() << " -> " << written.string() << "\n";
  }
  return 0;
}

}  // namespace hypera::app
