#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "data/io/dicom_io.h"
#include "data/io/dicom_slice.h"
#include "data/io/file_error.h"

namespace hypera::data {
namespace {

// DICOM Part 10 files carry "DICM" after a 128-byte preamble.
bool has_dicom_magic(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char header[132];
  return in.read(header, sizeof header) && std::memcmp(header + 128, "DICM", 4) == 0;
}

struct SeriesSlice {
  std::filesystem::path path;
  DicomSlice slice;
  double key = 0.0;  // position along the slice normal (mm) or instance number
};

void check_same_layout(const SeriesSlice& first, const SeriesSlice& other) {
  const Geometry& a = first.slice.image.geometry;
  const Geometry& b = other.slice.image.geometry;
  if (b.nz() != 1) {
    throw_file_error(other.path, "series file holds " + std::to_string(b.nz()) + " frames; expected one slice");
  }
  if (a.nx() != b.nx() || a.ny() != b.ny()) {
    throw_file_error(other.path, "slice is " + std::to_string(b.nx()) + "x" + std::to_string(b.ny()) + " but " +
                                     first.path.filename().string() + " is " + std::to_string(a.nx()) + "x" +
                                     std::to_string(a.ny()));
  }
  if (first.slice.orientation.has_value() != other.slice.orientation.has_value()) {
    throw_file_error(other.path, "ImageOrientationPatient present in some series files but not in others");
  }
  if (first.slice.orientation) {
    for (size_t i = 0; i < 6; ++i) {
      if (std::fabs((*first.slice.orientation)[i] - (*other.slice.orientation)[i]) > 1e-4) {
        throw_file_error(other.path, "slice orientation differs from " + first.path.filename().string());
      }
    }
  }
}

// Sorts the slices and returns the z spacing implied by their positions (0 when they have none).
double order_slices(std::vector<SeriesSlice>& slices) {
  const bool by_position = std::all_of(slices.begin(), slices.end(), [](const SeriesSlice& s) {
    return s.slice.position.has_value() && s.slice.orientation.has_value();
  });
  for (SeriesSlice& s : slices) {
    if (by_position) {
      const auto normal = slice_normal(*s.slice.orientation);
      const auto& p = *s.slice.position;
      s.key = p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
    } else if (s.slice.instance_number) {
      s.key = double(*s.slice.instance_number);
    } else if (slices.size() > 1) {
      throw_file_error(s.path, "no ImagePositionPatient/ImageOrientationPatient or InstanceNumber to order slices");
    }
  }
  std::stable_sort(slices.begin(), slices.end(), [](const SeriesSlice& a, const SeriesSlice& b) { return a.key < b.key; });
  for (size_t i = 1; i < slices.size(); ++i) {
    if (std::fabs(slices[i].key - slices[i - 1].key) < 1e-6) {
      throw_file_error(slices[i].path, std::string("slice at the same ") + (by_position ? "position" : "InstanceNumber") +
                                           " as " + slices[i - 1].path.filename().string());
    }
  }
  if (!by_position || slices.size() < 2) return 0.0;
  return (slices.back().key - slices.front().key) / double(slices.size() - 1);
}

}  // namespace

ImageVolume read_dicom_series(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) throw_file_error(folder, "no such folder");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.is_regular_file() && has_dicom_magic(entry.path())) files.push_back(entry.path());
  }
  if (error) throw_file_error(folder, "cannot list folder (" + error.message() + ")");
  if (files.empty()) throw_file_error(folder, "folder holds no DICOM file");
  std::sort(files.begin(), files.end());

  std::vector<SeriesSlice> slices;
  slices.reserve(files.size());
  for (const auto& file : files) {
    slices.push_back({file, read_dicom_slice(file), 0.0});
    check_same_layout(slices.front(), slices.back());
  }
  const double position_spacing = order_slices(slices);

  const SeriesSlice& first = slices.front();
  ImageVolume volume;
  volume.geometry = first.slice.image.geometry;
  Geometry& g = volume.geometry;
  g.size[2] = int64_t(slices.size());
  if (position_spacing > 0) {
    g.spacing[2] = position_spacing;
    set_patient_affine(g, *first.slice.position, *first.slice.orientation);
  }
  volume.voxels.reserve(size_t(g.voxel_count()));
  for (const SeriesSlice& s : slices) {
    volume.voxels.insert(volume.voxels.end(), s.slice.image.voxels.begin(), s.slice.image.voxels.end());
  }
  return volume;
}

}  // namespace hypera::data
