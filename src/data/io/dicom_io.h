#pragma once
// DICOM reading (DCMTK). Monochrome images only; values are modality values (RescaleSlope and
// RescaleIntercept applied, e.g. Hounsfield units for CT). World coordinates follow the NIfTI
// convention used by Geometry::affine (RAS+ mm): DICOM's LPS patient coordinates with x and y negated.
// Thread-safe: DCMTK's decoders are registered and its logging is switched off once, on first use.
#include <filesystem>

#include "data/io/volume.h"

namespace hypera::data {

// Reads one DICOM file, single- or multi-frame (frames become z slices). Spacing: PixelSpacing
// (row spacing -> y, column spacing -> x), z from SpacingBetweenSlices, else SliceThickness, else 1.
// Affine from ImagePositionPatient/ImageOrientationPatient when present, else diag(spacing).
// Uncompressed, RLE, JPEG and JPEG-LS data are decoded; another compressed transfer syntax (e.g.
// JPEG 2000) throws InputError naming it. Missing, non-DICOM, truncated, colour -> InputError.
ImageVolume read_dicom_file(const std::filesystem::path& path);

// Reads every DICOM file (Part 10: "DICM" at byte 128) directly in `folder` as one volume; other files
// are ignored. Each file must hold one slice of the same size and orientation as the others (else
// InputError naming the file). Slices are sorted by position along the slice normal
// (ImagePositionPatient . normal) when every file has a position and orientation, else by
// InstanceNumber; z spacing is (last - first position) / (n - 1), or the slice's own z spacing for one
// slice or InstanceNumber order. Two slices at the same place, or no DICOM file -> InputError.
// Cost: reads every file once.
ImageVolume read_dicom_series(const std::filesystem::path& folder);

}  // namespace hypera::data
