#pragma once
// DICOM reading (DCMTK). Monochrome images only; values are modality values (RescaleSlope and
// RescaleIntercept applied, e.g. Hounsfield units for CT). World coordinates follow the NIfTI
// convention used by Geometry::affine (RAS+ mm): DICOM's LPS patient coordinates with x and y negated.
// Thread-safe: DCMTK's decoders are registered and its logging is switched off once, on first use.
#include <filesystem>
#include <string>

#include "data/io/volume.h"

namespace hypera::data {

// Reads one DICOM file, single- or multi-frame (frames become z slices). Spacing: PixelSpacing
// (row spacing -> y, column spacing -> x), z from SpacingBetweenSlices, else SliceThickness, else 1.
// Affine from ImagePositionPatient/ImageOrientationPatient when present, else diag(spacing).
// Uncompressed, RLE, JPEG and JPEG-LS data are decoded; another compressed transfer syntax (e.g.
// JPEG 2000) throws InputError naming it. Missing, non-DICOM, truncated, colour -> InputError.
ImageVolume read_dicom_file(const std::filesystem::path& path);

// Which series of a DICOM folder to read, and how the user chooses one (named in the errors).
struct DicomSeries {
  std::string uid;     // SeriesInstanceUID; empty: the folder must hold exactly one series
  std::string option;  // the option that sets `uid`, e.g. "--dicom-series"; empty: no option is named
};

// Reads the DICOM files (Part 10: "DICM" at byte 128) directly in `folder` as one volume; other files
// are ignored. Series choice: files are grouped by SeriesInstanceUID (files without one form one group).
// With `series.uid` empty the folder must hold exactly one series; otherwise only the files whose
// SeriesInstanceUID equals `series.uid` are read. Several series and no choice ("...; choose one with
// <series.option>"), or a UID the folder does not hold, throw InputError naming the folder and listing
// each series' UID and slice count (control characters shown as '?').
// Each file of the series must hold one slice of the same size and orientation as the others (else
// InputError naming the file). Slices are sorted by position along the slice normal
// (ImagePositionPatient . normal) when every file has a position and orientation, else by
// InstanceNumber; z spacing is (last - first position) / (n - 1), or the slice's own z spacing for one
// slice or InstanceNumber order. Sorted by position, the gaps between consecutive slices must agree to
// within 1 % of the spacing (at least 1e-3 mm), else InputError naming the folder and the narrowest and
// widest gaps. Two slices at the same place, or no DICOM file -> InputError.
// Cost: reads and decodes every DICOM file of the folder once, the other series' files included.
ImageVolume read_dicom_series(const std::filesystem::path& folder, const DicomSeries& series = {});

// Whether `folder` is a folder holding at least one DICOM Part 10 file directly (false for a file or a
// missing path). Cost: lists the folder and reads 132 bytes of each file until the first DICOM file.
bool holds_dicom_files(const std::filesystem::path& folder);

}  // namespace hypera::data
