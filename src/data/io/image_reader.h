#pragma once
// One entry point for every supported image format, chosen by the file name.
#include <filesystem>
#include <vector>

#include "data/io/dicom_io.h"
#include "data/io/volume.h"

namespace hypera::data {

// Reads `path` by its (case-insensitive) extension: .tif/.tiff (read_tiff), .png (channel 0 of
// read_png_channel), .nii/.nii.gz/.hdr (read_nifti), .dcm (read_dicom_file); a folder is read as a
// DICOM series (read_dicom_series with `series`, which chooses one of several; files ignore it). Missing
// paths and unknown extensions throw InputError naming the path, and so does running out of memory while
// reading it (std::bad_alloc). Sizes are checked before allocation (data/io/size_limits.h: at most
// HYPERA_MAX_VOXELS voxels, 2^30 by default). Thread-safe; cost is that of the reader chosen.
ImageVolume read_image(const std::filesystem::path& path, const DicomSeries& series = {});

// The `channels` image channels (modalities) of one case, in order: from one file per channel (each by
// read_image; nnU-Net's <case>_0000, <case>_0001, ...) or from a single NIfTI that holds them all in its 4th
// dimension (read_nifti_volumes; the Medical Segmentation Decathlon's multi-modal files). With channels == 1 and
// one file this is {read_image(file)}. No file is std::invalid_argument. Errors, InputError naming the file:
// neither one file per channel nor one file, a single file that is not a NIfTI or whose volume count is not
// `channels`, a channel on another grid than the first (sizes named), and those of the readers. Cost: that of the
// readers.
std::vector<ImageVolume> read_image_channels(const std::vector<std::filesystem::path>& files, int channels);

}  // namespace hypera::data
