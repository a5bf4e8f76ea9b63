#pragma once
// A small, real, multi-class example data set in nnU-Net v2 or MSD layout (read back by
// data/io/labelled_dataset.h), cut from one real T1 MRI: mricron-data's ch2 (Colin Holmes' 27-scan average,
// MNI space) with the AAL atlas on the same grid as its labels. With `channels` 2, each case has a second
// image channel, cut from mricron-data's ch2bet (the same T1 brain-extracted: the skull set to 0; same
// 181x217x181 grid and affine), so the set has two input channels: 0 "T1" (`image`), 1 "T1_brain"
// (`second_image`). The atlas's 116 regions become 4 classes:
// 0 background (atlas 0), 1 left_cerebrum (odd 1..89), 2 right_cerebrum (even 2..90), 3 cerebellum
// (91..116: cerebellar hemispheres and vermis; aal.nii.txt beside aal.nii.gz names them).
//
// The head is subsampled (every n-th voxel along x, y and z) and the z range that holds atlas labels is cut
// into `cases` slabs of nearly equal thickness, bottom to top, one case each (brain_000, brain_001, ...);
// a slab without any labelled voxel is left out. `test_cases` of the cases written, spread evenly from bottom
// to top (case floor((t + 1/2) * cases / test_cases) for t = 0, 1, ...), are the labelled test cases (imagesTs,
// labelsTs). Each case is a float32 image and a uint8 label NIfTI whose affine is the
// source's with spacing times n and its origin at the slab's first voxel, so the slabs lie where they lay in
// the head. The second channel is cut and subsampled exactly like the first, voxel for voxel, and carries the
// first's geometry. Files:
//   nnunet: dataset.json (channel_names {"0": "T1"}, with 2 channels also "1": "T1_brain"),
//           imagesTr/brain_000_0000.nii.gz (with 2 channels also brain_000_0001.nii.gz),
//           labelsTr/brain_000.nii.gz, imagesTs/, labelsTs/
//   msd:    dataset.json (modality {"0": "T1"}, with 2 channels also "1": "T1_brain"),
//           imagesTr/brain_000.nii.gz (with 2 channels one 4D NIfTI, dim[4] = 2, channel 0 first; see
//           data/io/nifti_io.h: write_nifti_volumes), labelsTr/brain_000.nii.gz, imagesTs/, labelsTs/
// With `channels` 1 (the default) the output is that of the one-channel generator, byte for byte.
// Existing files are overwritten, and brain_*.nii.gz files of an earlier run in those four folders are
// removed first, so that a rerun with fewer cases or the other layout leaves a consistent folder.
//
// Errors (hypera::InputError, one line): an option out of range (naming it: --layout, --channels,
// --downsample, --cases, --test-cases); an unreadable image, second image or atlas; an atlas or second image
// on another grid than the image (another size, or an affine entry off by 1e-3 or more; naming that file); an
// atlas value that is not an AAL region 0..116; fewer than `cases` subsampled slices in the labelled z range;
// fewer than 2 training cases left; an unwritable output folder.
// Cost: reading the files (about 0.25 s each for the 181x217x181 originals) and writing the cases (zlib; about a
// second per channel at downsample 2). Single-threaded.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

namespace hypera::data {

struct ExampleBrainOptions {
  std::string layout = "nnunet";  // "nnunet" | "msd"
  std::filesystem::path out;      // the dataset folder to write (created; existing files under it are overwritten)
  std::filesystem::path image = "/usr/share/mricron/templates/ch2.nii.gz";
  std::filesystem::path atlas = "/usr/share/mricron/templates/aal.nii.gz";
  int channels = 1;  // image channels per case: 1 (`image`) or 2 (`image`, then `second_image`)
  // channel 1 when channels == 2 (not read otherwise): on the image's grid
  std::filesystem::path second_image = "/usr/share/mricron/templates/ch2bet.nii.gz";
  int downsample = 2;  // keep every n-th voxel along each axis (1..8)
  int cases = 10;      // slabs cut along z, one case each (2..64)
  int test_cases = 2;  // cases spread from bottom to top go to imagesTs/labelsTs (0..cases-2)
};

struct ExampleBrainSummary {
  std::filesystem::path dataset_json;  // the written dataset.json
  int training_cases = 0;
  int test_cases = 0;
  int skipped_slabs = 0;                  // slabs without a labelled voxel, not written
  std::array<int64_t, 4> class_voxels{};  // voxels of each class over every case written
};

// The class names of the example data set, by label value.
inline const std::array<const char*, 4>& example_brain_classes() {
  static const std::array<const char*, 4> names{"background", "left_cerebrum", "right_cerebrum", "cerebellum"};
  return names;
}

// The channel names of the example data set (dataset.json's channel_names or modality), by channel index.
inline const std::array<const char*, 2>& example_brain_channels() {
  static const std::array<const char*, 2> names{"T1", "T1_brain"};
  return names;
}

ExampleBrainSummary write_example_brain_dataset(const ExampleBrainOptions& options);

}  // namespace hypera::data
