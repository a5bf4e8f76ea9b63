// hypera_dist example-data: writes a small multi-class data set in nnU-Net or MSD layout from real MRI.
#include <iostream>

#include "app/argument_list.h"
#include "app/commands.h"
#include "data/pipeline/example_brain_dataset.h"
#include "support/input_error.h"

namespace hypera::app {
namespace {

std::string usage(const data::ExampleBrainOptions& defaults) {
  return "usage: hypera_dist example-data --layout nnunet|msd --out DIR [--channels 1|2] [--downsample N]\n"
         "                                [--cases N] [--test-cases N] [--image FILE] [--atlas FILE]\n"
         "                                [--second-image FILE]\n"
         "\n"
         "Writes a labelled 3D data set with 4 classes into DIR, as nnU-Net v2 (dataset.json,\n"
         "imagesTr/brain_000_0000.nii.gz, labelsTr/brain_000.nii.gz, imagesTs/, labelsTs/) or as a Medical\n"
         "Segmentation Decathlon task (dataset.json with training and test lists, imagesTr/brain_000.nii.gz,\n"
         "labelsTr/, imagesTs/, labelsTs/). The cases are slabs cut along z, bottom to top, from one real T1 MRI\n"
         "(--image, default mricron-data's ch2: " +
         defaults.image.string() +
         ")\n"
         "with labels from the AAL atlas on the same grid (--atlas, default " +
         defaults.atlas.string() +
         "):\n"
         "  0 background, 1 left_cerebrum (AAL odd 1..89), 2 right_cerebrum (even 2..90),\n"
         "  3 cerebellum (91..116, hemispheres and vermis).\n"
         "Only the z range that holds atlas labels is cut; a slab without labels is not written. Images are\n"
         "float32, labels uint8, each with the affine of its place in the head. Files of an earlier run\n"
         "(brain_*.nii.gz) in those folders are removed; other files are left as they are.\n"
         "\n"
         "  --channels N     image channels per case, 1 or 2 (default " +
         std::to_string(defaults.channels) +
         "). Channel 0 is the T1 (--image, \"T1\"); with\n"
         "                   2, channel 1 is the same T1 brain-extracted (--second-image, \"T1_brain\", default\n"
         "                   " +
         defaults.second_image.string() +
         ", which must lie on the image's grid),\n"
         "                   cut like channel 0: nnU-Net writes brain_000_0000.nii.gz and brain_000_0001.nii.gz,\n"
         "                   MSD one 4D NIfTI per case (brain_000.nii.gz, dim[4] = 2).\n"
         "  --downsample N   keep every N-th voxel along each axis, 1..8 (default " +
         std::to_string(defaults.downsample) +
         ")\n"
         "  --cases N        slabs, one case each, 2..64 (default " +
         std::to_string(defaults.cases) +
         ")\n"
         "  --test-cases N   N cases spread from bottom to top are labelled test cases, 0..cases-2 (default " +
         std::to_string(defaults.test_cases) + ")\n";
}

}  // namespace

int run_example_data(const Arguments& arguments) {
  const auto split = split_arguments(
      arguments, {"layout", "out", "channels", "downsample", "cases", "test-cases", "image", "atlas", "second-image"},
      {"help"});
  data::ExampleBrainOptions options;
  if (split.flags.count("help")) {
    std::cout << usage(options);
    return 0;
  }
  if (!split.rest.empty())
    throw InputError("example-data: unexpected argument '" + split.rest.front() + "' (see --help)");
  options.layout = required(split, "layout");
  options.out = required(split, "out");
  if (split.values.count("channels")) options.channels = whole_number("channels", split.values.at("channels"), 1);
  if (split.values.count("downsample"))
    options.downsample = whole_number("downsample", split.values.at("downsample"), 1);
  if (split.values.count("cases")) options.cases = whole_number("cases", split.values.at("cases"), 2);
  if (split.values.count("test-cases"))
    options.test_cases = whole_number("test-cases", split.values.at("test-cases"), 0);
  if (split.values.count("image")) options.image = split.values.at("image");
  if (split.values.count("atlas")) options.atlas = split.values.at("atlas");
  if (split.values.count("second-image")) options.second_image = split.values.at("second-image");
  const auto summary = data::write_example_brain_dataset(options);
  std::cout << "wrote " << summary.dataset_json.string() << " (" << options.layout;
  if (options.channels > 1) std::cout << ", " << options.channels << " channels";
  std::cout << "): " << summary.training_cases << " training and " << summary.test_cases << " test cases";
  if (summary.skipped_slabs > 0) std::cout << ", " << summary.skipped_slabs << " slabs without labels left out";
  std::cout << "\nvoxels per class:";
  const auto& names = data::example_brain_classes();
  for (size_t c = 0; c < names.size(); ++c) std::cout << " " << names[c] << " " << summary.class_voxels[c];
  std::cout << "\n";
  return 0;
}

}  // namespace hypera::app
