#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
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

// `text` with control characters as '?', so that a UID from a file or the command line keeps the message one line.
std::string printable(std::string text) {
  std::replace_if(text.begin(), text.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); }, '?');
  return text;
}

// The slices of the series `series.uid` ("": the folder's only series). Several series without a choice,
// or a chosen UID that is not there, throw InputError naming the folder and listing its series.
std::vector<SeriesSlice> select_series(const std::filesystem::path& folder, std::vector<SeriesSlice> slices,
                                       const DicomSeries& series) {
  std::map<std::string, size_t> counts;  // SeriesInstanceUID -> slices
  for (const SeriesSlice& s : slices) ++counts[s.slice.series_uid];
  if (series.uid.empty() && counts.size() == 1) return slices;
  if (!series.uid.empty() && counts.count(series.uid)) {
    slices.erase(std::remove_if(slices.begin(), slices.end(),
                                [&](const SeriesSlice& s) { return s.slice.series_uid != series.uid; }),
                 slices.end());
    return slices;
  }
  std::string listing;
  for (const auto& [uid, count] : counts) {
    const std::string shown = uid.empty() ? "(no SeriesInstanceUID)" : printable(uid);
    listing += (listing.empty() ? "" : ", ") + shown + ": " + std::to_string(count) + (count == 1 ? " slice" : " slices");
  }
  if (series.uid.empty()) {
    throw_file_error(folder, "folder holds " + std::to_string(counts.size()) + " DICOM series (" + listing +
                                 "); choose one " + (series.option.empty() ? "by its SeriesInstanceUID"
                                                                           : "with " + series.option));
  }
  throw_file_error(folder, "no DICOM series " + printable(series.uid) + " in the folder (it holds " + listing + ")");
}

// Throws InputError naming `folder` when the gaps between consecutive sorted slice positions differ by more
// than 1 % of the mean spacing (at least 1e-3 mm): such a stack has no single z spacing.
void require_even_spacing(const std::filesystem::path& folder, const std::vector<SeriesSlice>& slices) {
  std::vector<double> gaps;  // gaps[i]: from slices[i] to slices[i + 1]
  for (size_t i = 1; i < slices.size(); ++i) gaps.push_back(slices[i].key - slices[i - 1].key);
  if (gaps.empty()) return;
  const auto [narrowest, widest] = std::minmax_element(gaps.begin(), gaps.end());
  const double mean = (slices.back().key - slices.front().key) / double(gaps.size());
  if (*widest - *narrowest <= std::max(0.01 * mean, 1e-3)) return;
  const auto gap_text = [&](std::vector<double>::const_iterator gap) {
    const size_t i = size_t(gap - gaps.begin());
    return std::to_string(*gap) + " mm (" + slices[i].path.filename().string() + " to " +
           slices[i + 1].path.filename().string() + ")";
  };
  throw_file_error(folder, "uneven slice spacing: gaps of " + gap_text(narrowest) + " and " + gap_text(widest));
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
      if (!std::isfinite(s.key)) throw_file_error(s.path, "ImagePositionPatient or ImageOrientationPatient is not finite");
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

ImageVolume read_dicom_series(const std::filesystem::path& folder, const DicomSeries& series) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) throw_file_error(folder, "no such folder");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.is_regular_file() && has_dicom_magic(entry.path())) files.push_back(entry.path());
  }
  if (error) throw_file_error(folder, "cannot list folder (" + error.message() + ")");
  if (files.empty()) throw_file_error(folder, "folder holds no DICOM file");
  std::sort(files.begin(), files.end());

  std::vector<SeriesSlice> all;
  all.reserve(files.size());
  for (const auto& file : files) all.push_back({file, read_dicom_slice(file), 0.0});
  std::vector<SeriesSlice> slices = select_series(folder, std::move(all), series);
  for (const SeriesSlice& s : slices) check_same_layout(slices.front(), s);
  const double position_spacing = order_slices(slices);
  if (position_spacing > 0) require_even_spacing(folder, slices);

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

bool holds_dicom_files(const std::filesystem::path& folder) {
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) return false;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.is_regular_file(error) && has_dicom_magic(entry.path())) return true;
  }
  return false;
}

}  // namespace hypera::data
