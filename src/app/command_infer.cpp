// hypera_dist infer: predicted masks for new images with a run's best checkpoint, optionally refined by
// the run's trained segmentation agents.
#include <iostream>
#include <optional>

#include "app/argument_list.h"
#include "app/commands.h"
#include "app/config_sections.h"
#include "app/dicom_folder.h"
#include "app/file_stem.h"
#include "app/prediction_files.h"
#include "app/run_refiner.h"
#include "core/train/run_model.h"
#include "data/io/image_reader.h"
#include "support/input_error.h"
#include "data/io/nifti_io.h"
#include "data/io/normalization.h"
#include "data/io/npy_io.h"
#include "data/io/overlay_png.h"

namespace hypera::app {
namespace fs = std::filesystem;
namespace {

const char* const kUsage =
    "usage: hypera_dist infer --run RUN_DIR --input PATH --out DIR [--checkpoint best|last] [--refine]\n"
    "                         [--overlay] [--save-probabilities] [--dicom-series UID]\n"
    "                         [--train.device auto|cpu|cuda|cuda:K]\n"
    "\n"
    "PATH is an image (TIFF, PNG, NIfTI, DICOM file) or a folder of them. For each input it writes into DIR:\n"
    "  2D images: <name>.png, 16-bit instance ids (0 background, 1..N objects) of the final instance mask\n"
    "             (a run of data.target=classes: <name>.nii.gz with the class labels, as for volumes)\n"
    "  volumes:   <name>.nii.gz, uint8 labels on the input's grid (spacing and orientation kept): the class\n"
    "             labels (0..K-1 as in RUN/classes.txt), or with --refine the refined foreground mask (0/1)\n"
    "Images are normalized like the training data (1st/99th percentiles to [0, 1], each channel on its own).\n"
    "A run trained on C > 1 image channels (RUN/channels.txt) reads each case's channels as nnU-Net names them,\n"
    "  <case>_0000<ext> .. <case>_000<C-1><ext> side by side (the output is <case>.nii.gz), or from one NIfTI\n"
    "  whose 4th dimension holds the C channels (as the Medical Segmentation Decathlon stores them).\n"
    "--refine: the run's trained segmentation agents (RUN_DIR/segmentation_agents, made by\n"
    "  hypera_dist refine-train) choose the post-processing of each image's class probabilities instead\n"
    "  of the fixed argmax and components.\n"
    "--overlay: also writes <name>_overlay.png beside each prediction, an 8-bit RGB picture to look at: the\n"
    "  normalized image (its first channel) in grey with the predicted contour in magenta (2D: the outline of\n"
    "  every object, touching objects apart; a volume: the foreground's outline on its middle z slice), one\n"
    "  pixel per voxel.\n"
    "--save-probabilities: also writes <name>.npz, as nnU-Net's --save_probabilities: one array\n"
    "  'probabilities', float32, shape (C, Y, X) for 2D images and (C, Z, Y, X) for volumes (C = the run's\n"
    "  classes in class order; C order, x fastest): the network's softmax probabilities, whose argmax (before\n"
    "  any clean-up) the labels are. With --refine they are still the network's, not refined.\n"
    "  hypera_dist refine --probs DIR reads them (DIR may be this --out), and so does NumPy's np.load.\n"
    "--dicom-series UID: PATH is a DICOM series folder and the series with this SeriesInstanceUID is read as\n"
    "  one volume (<folder name>.nii.gz). Without it a folder of DICOM files without a format extension is\n"
    "  read as one series and must hold only one.\n"
    "--train.device: where the network predicts (auto: the first CUDA device LibTorch sees, else the CPU);\n"
    "  default: the run's own train.device (RUN_DIR/config.ini), so a run trained on `cuda` needs\n"
    "  --train.device=cpu (or auto) on a machine without a GPU.\n";

// The cases to predict: PATH read as one DICOM series (with --dicom-series, or a folder whose DICOM files
// have no format extension), else the cases of image_inputs (a file, or a folder of image files) for the run's
// image channels (group_case_files).
std::vector<CaseFiles> cases_of(const fs::path& input, const data::DicomSeries& series, int channels) {
  if (!series.uid.empty() && !fs::is_directory(input)) {
    throw InputError("option --dicom-series: --input " + input.string() + " is not a DICOM series folder");
  }
  const auto has_format_extension = [](const fs::path& path) { return !format_extension(path).empty(); };
  if (!series.uid.empty() || is_dicom_series_folder(input, has_format_extension)) {
    const fs::path folder = trimmed_folder(input);
    if (channels > 1) {
      throw InputError(input.string() + ": a DICOM series is one image channel; the run takes " +
                       std::to_string(channels) + " (RUN/channels.txt)");
    }
    return {{stem_of(folder), {folder}}};
  }
  return group_case_files(image_inputs(input), channels);
}

// The normalized image channels of a case (one DICOM series or image file, or the run's channels).
std::vector<data::ImageVolume> read_case(const CaseFiles& files, const data::DicomSeries& series, int channels) {
  std::vector<data::ImageVolume> image = channels == 1 ? std::vector<data::ImageVolume>{data::read_image(
                                                             files.files.front(), series)}
                                                       : data::read_image_channels(files.files, channels);
  for (data::ImageVolume& channel : image) data::normalize_percentiles(channel);
  return image;
}

}  // namespace

int run_infer(const Arguments& arguments) {
  const auto split =
      split_arguments(arguments, {"run", "input", "out", "checkpoint", kDicomSeriesOption, "train.device"},
                      {"help", "refine", "overlay", "save-probabilities"});
  if (split.flags.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!split.rest.empty()) throw InputError("infer: unexpected argument '" + split.rest.front() + "'");
  const fs::path run = required(split, "run");
  const fs::path out = required(split, "out");
  const std::string tag = value_or(split, "checkpoint", "best");
  ConfigSections sections;
  core::RunModel loaded = core::load_run_model(run, tag, sections.bound(), value_or(split, "train.device", ""));
  std::optional<agents::SegmentationRefiner> refiner;
  if (split.flags.count("refine")) refiner.emplace(open_run_refiner(run));
  const bool overlay = split.flags.count("overlay") > 0;
  const bool save_probabilities = split.flags.count("save-probabilities") > 0;
  const data::DicomSeries series = dicom_series_choice(split);
  const int channels = static_cast<int>(loaded.channel_names.size());
  const auto cases = cases_of(required(split, "input"), series, channels);

  fs::create_directories(out);
  for (const auto& input : cases) {
    const std::vector<data::ImageVolume> image = read_case(input, series, channels);
    const data::Geometry& grid = image.front().geometry;
    fs::path written;
    data::InstanceVolume outlined;  // what the overlay outlines: the instances, or a volume's foreground
    std::vector<data::ImageVolume> probabilities;
    if (refiner || save_probabilities) {
      probabilities = core::predict_probabilities(loaded.model, image, loaded.prediction);
    }
    if (refiner) {
      const auto refined = refiner->refine(probabilities, image.front());
      if (grid.is_2d()) {
        written = write_instance_png(out, input.name, refined.result.instances);
        if (overlay) outlined = refined.result.instances;
      } else {
        written = out / (input.name + ".nii.gz");
        data::write_nifti(written, refined.result.mask);
        if (overlay) outlined = data::foreground_ids(refined.result.mask);
      }
    } else {
      const data::LabelVolume labels =
          save_probabilities ? core::labels_from_probabilities(probabilities, loaded.prediction.cleanup)
                             : core::predict_labels(loaded.model, image, loaded.prediction);
      if (grid.is_2d() && loaded.target != data::TargetKind::Classes) {
        outlined = core::final_instances(labels, loaded.target);
        written = write_instance_png(out, input.name, outlined);
      } else {
        written = out / (input.name + ".nii.gz");
        data::write_nifti(written, labels);
        if (overlay) outlined = data::foreground_ids(labels);
      }
    }
    std::cout << input.files.front().string() << " -> " << written.string();
    if (save_probabilities) {
      const fs::path file = out / (input.name + ".npz");
      data::write_npz(file, {{"probabilities", data::probability_array(probabilities)}});
      std::cout << ", " << file.string();
    }
    if (overlay) {
      const fs::path picture = out / (input.name + "_overlay.png");
      data::write_overlay_png(picture, image.front(), nullptr, outlined);
      std::cout << ", " << picture.string();
    }
    std::cout << "\n";
  }
  return 0;
}

}  // namespace hypera::app
