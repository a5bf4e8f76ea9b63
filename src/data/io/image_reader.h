#pragma once
// One entry point for every supported image format, chosen by the file name.
#include <filesystem>

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

}  // namespace hypera::data
