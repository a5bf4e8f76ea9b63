#pragma once
// Turning raw data into one prepared HDF5 file (layout: prepared_format.h). Both functions read every
// source once, normalize each image to [0, 1] with normalize_percentiles(image, 1, 99), build the
// training target with make_target, and write "<out_h5>.tmp" which is renamed to out_h5 only when
// complete, then its checksum sidecar "<out_h5>.crc32c" (write_prepared_file, prepared_writer.h): a failure
// never leaves a half file, and bad input never destroys an existing out_h5 or its sidecar. They print
// nothing; a caller that shows progress passes `on_sample` (SampleProgress below). Bad input (a missing file,
// grids that disagree, an unreadable file, a bad option) throws InputError with one line naming the file or
// option. Single-threaded; cost is dominated by zlib (measured on the 2-core development machine under load:
// BBBC039, 200 images, 23-34 s and a 195 MB file; the 181x217x181 MRI pair about 3 s).
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "data/io/labelled_dataset.h"
#include "data/io/targets.h"

namespace hypera::data {

struct PrepareSummary {
  std::filesystem::path output;
  int64_t samples = 0;
  std::array<int64_t, 3> split_sizes{0, 0, 0};  // training, validation, test (sample counts)
  int64_t voxels = 0;                           // over all samples
  int64_t foreground_voxels = 0;                // label > 0, over all samples
  int64_t instances = 0;                        // object count over all samples (0 without instances)
};

// Called on the preparing thread with (0, total) once the number of samples is known, before the first is
// written, then with (k, total) after the k-th sample is written (k = 1..total).
using SampleProgress = std::function<void(int64_t written, int64_t total)>;

// BBBC039 layout: root/{training,validation,test}.txt name mask files (one per line, e.g.
// "IXMtest_A02_s1_w1051DAB6A5-....png"); the mask is root/masks/<name>, the image
// root/images/<same stem>.tif. Samples are named by the stem and keep their official split; each stores
// `instances` (connected components of equal non-zero red values). source_kind "bbbc039", 2D samples.
PrepareSummary prepare_bbbc039(const std::filesystem::path& root, TargetKind target,
                               const std::filesystem::path& out_h5, const SampleProgress& on_sample = {});

// One subject: an image and a brain (or other) mask on the same grid, each a NIfTI file or a DICOM
// series folder (read_image); foreground = mask > mask_threshold. WITHIN-SUBJECT SPLIT: with a single
// subject the volume is cut into `slabs` contiguous slabs along split_axis (0/1/2 = x/y/z; slab s covers
// [s*n/slabs, (s+1)*n/slabs)), each stored as a 3D sample "<stem>_slab<s>", assigned by s % 5 to
// training, validation, training, test, training. Neighbouring slabs share anatomy, so validation and
// test scores measure generalization across positions in one brain, not across subjects. The target is
// built on the whole volume before cutting, so boundaries at slab faces are the true object boundaries.
// source_kind is "dicom" for a folder or a .dcm file, else "nifti". `dicom_series` (the config's
// data.dicom_series) is the SeriesInstanceUID read from a DICOM folder holding several series; empty: each
// folder must hold one, and an error for several names data.dicom_series.
PrepareSummary prepare_volume_pair(const std::filesystem::path& image, const std::filesystem::path& mask,
                                   double mask_threshold, TargetKind target, int split_axis, int slabs,
                                   const std::filesystem::path& out_h5, const SampleProgress& on_sample = {},
                                   const std::string& dicom_series = "");

// An nnU-Net or MSD data set (read_nnunet_dataset / read_msd_dataset, labelled_dataset.h): one sample per case,
// named by the case, 2D or 3D as the images are (all alike). Splits: training and validation from fold_cases(dataset,
// fold), test = the labelled test cases (possibly none). target classes keeps the label files' classes and the data
// set's class names; foreground merges every class above 0. three_class is an InputError (no instances), as is a
// label value outside 0..K-1 or not an integer, or an image and label on different grids (each naming the file).
// source_kind = dataset.layout. Cost: one read of every case plus deflate.
PrepareSummary prepare_labelled_dataset(const LabelledDataset& dataset, TargetKind target, int fold,
                                        const std::filesystem::path& out_h5, const SampleProgress& on_sample = {});

}  // namespace hypera::data
