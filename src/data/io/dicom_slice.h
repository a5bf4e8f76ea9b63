#pragma once
// Internal to src/data/io: one DICOM file with the attributes needed to stack it into a series.
#include <array>
#include <filesystem>
#include <optional>
#include <string>

#include "data/io/volume.h"

namespace hypera::data {

struct DicomSlice {
  ImageVolume image;                              // rescaled values, spacing and affine as read_dicom_file
  std::optional<std::array<double, 3>> position;  // ImagePositionPatient (LPS mm)
  std::optional<std::array<double, 6>> orientation;  // ImageOrientationPatient: row then column cosines
  std::optional<long> instance_number;            // InstanceNumber
  std::string series_uid;                         // SeriesInstanceUID; empty when the file has none
};

// Unit normal of the slice plane: row cosines x column cosines.
std::array<double, 3> slice_normal(const std::array<double, 6>& orientation);

// Sets g.affine from g.spacing, the first voxel's ImagePositionPatient and the ImageOrientationPatient
// (z axis along slice_normal), converted from DICOM LPS to RAS by negating x and y.
void set_patient_affine(Geometry& g, const std::array<double, 3>& position, const std::array<double, 6>& orientation);

// Reads and decodes one DICOM file (contract of read_dicom_file).
DicomSlice read_dicom_slice(const std::filesystem::path& path);

}  // namespace hypera::data
