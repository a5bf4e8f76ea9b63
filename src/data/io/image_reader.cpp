#include "data/io/image_reader.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include "data/io/dicom_io.h"
#include "data/io/file_error.h"
#include "data/io/grid_text.h"
#include "data/io/nifti_io.h"
#include "data/io/png_io.h"
#include "data/io/size_limits.h"
#include "data/io/tiff_io.h"
#include "support/text_ending.h"

namespace hypera::data {
namespace {

using support::ends_with;

std::string lower_case_name(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return name;
}

bool is_nifti_name(const std::string& lower_case) {
  return ends_with(lower_case, ".nii") || ends_with(lower_case, ".nii.gz") || ends_with(lower_case, ".hdr");
}

ImageVolume png_as_image(const std::filesystem::path& path) {
  const Volume<uint16_t> channel = read_png_channel(path, 0);
  ImageVolume image;
  image.geometry = channel.geometry;
  image.voxels.assign(channel.voxels.begin(), channel.voxels.end());
  return image;
}

ImageVolume read_image_unguarded(const std::filesystem::path& path, const DicomSeries& series) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) throw_file_error(path, "no such file or folder");
  if (std::filesystem::is_directory(status)) return read_dicom_series(path, series);

  const std::string name = lower_case_name(path);
  if (ends_with(name, ".tif") || ends_with(name, ".tiff")) return read_tiff(path);
  if (ends_with(name, ".png")) return png_as_image(path);
  if (is_nifti_name(name)) return read_nifti(path);
  if (ends_with(name, ".dcm")) return read_dicom_file(path);
  throw_file_error(path, "unknown image type (expected .tif, .tiff, .png, .nii, .nii.gz, .hdr, .dcm or a DICOM folder)");
}

}  // namespace

ImageVolume read_image(const std::filesystem::path& path, const DicomSeries& series) {
  return with_out_of_memory_as_input_error(path, [&] { return read_image_unguarded(path, series); });
}

std::vector<ImageVolume> read_image_channels(const std::vector<std::filesystem::path>& files, int channels) {
  if (files.empty()) throw std::invalid_argument("read_image_channels: no files");
  std::vector<ImageVolume> volumes;
  if (files.size() == size_t(channels)) {
    for (const auto& file : files) volumes.push_back(read_image(file));
  } else if (files.size() == 1) {
    if (!is_nifti_name(lower_case_name(files.front()))) {
      throw_file_error(files.front(), "is one file for " + std::to_string(channels) +
                                          " image channels; only a NIfTI holds several (in its 4th dimension)");
    }
    volumes = read_nifti_volumes(files.front());
    if (volumes.size() != size_t(channels)) {
      throw_file_error(files.front(), "holds " + std::to_string(volumes.size()) + " volume(s); expected " +
                                          std::to_string(channels) + " image channels (one file per channel, or one "
                                                                     "NIfTI whose 4th dimension holds them all)");
    }
  } else {
    throw_file_error(files.front(), "is one of " + std::to_string(files.size()) + " files for " +
                                        std::to_string(channels) + " image channels");
  }
  for (size_t c = 1; c < volumes.size(); ++c) {
    if (!volumes[c].geometry.same_grid(volumes.front().geometry)) {
      throw_file_error(files[files.size() == 1 ? 0 : c], "channel " + std::to_string(c) + " is " +
                                                             grid_text(volumes[c].geometry) + ", channel 0 " +
                                                             grid_text(volumes.front().geometry) +
                                                             " (the channels must share one grid)");
    }
  }
  return volumes;
}

}  // namespace hypera::data
