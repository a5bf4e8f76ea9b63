#include "data/io/overlay_png.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "data/io/file_error.h"
#include "data/io/png_io.h"

namespace hypera::data {
namespace {

std::string grid_text(const Geometry& geometry) {
  return std::to_string(geometry.nx()) + "x" + std::to_string(geometry.ny()) + "x" + std::to_string(geometry.nz());
}

// Empty when the image holds its voxels and both id volumes (truth may be null) lie on its grid, else the problem.
std::string grid_problem(const ImageVolume& image, const InstanceVolume* truth, const InstanceVolume& prediction) {
  if (int64_t(image.voxels.size()) != image.geometry.voxel_count()) {
    return "image holds " + std::to_string(image.voxels.size()) + " values for a " + grid_text(image.geometry) + " grid";
  }
  for (const InstanceVolume* ids : {truth, &prediction}) {
    if (ids && (!ids->geometry.same_grid(image.geometry) || ids->voxels.size() != image.voxels.size())) {
      return "overlay contours on a " + grid_text(ids->geometry) + " grid, image on " + grid_text(image.geometry);
    }
  }
  return "";
}

uint8_t grey_of(float value) {
  if (!std::isfinite(value)) return 0;
  const float clamped = value < 0.f ? 0.f : (value > 1.f ? 1.f : value);
  return uint8_t(std::lround(clamped * 255.f));
}

}  // namespace

int64_t overlay_slice(const Geometry& geometry) { return geometry.nz() / 2; }

std::vector<uint8_t> contour_of_slice(const InstanceVolume& ids, int64_t z) {
  const int64_t nx = ids.geometry.nx(), ny = ids.geometry.ny();
  std::vector<uint8_t> contour(size_t(nx * ny), 0);
  for (int64_t y = 0; y < ny; ++y) {
    for (int64_t x = 0; x < nx; ++x) {
      const int32_t id = ids.at(x, y, z);
      if (id == 0) continue;
      const bool edge = x == 0 || y == 0 || x == nx - 1 || y == ny - 1 || ids.at(x - 1, y, z) != id ||
                        ids.at(x + 1, y, z) != id || ids.at(x, y - 1, z) != id || ids.at(x, y + 1, z) != id;
      if (edge) contour[size_t(x + nx * y)] = 1;
    }
  }
  return contour;
}

InstanceVolume foreground_ids(const LabelVolume& labels) {
  InstanceVolume ids(labels.geometry);
  for (size_t i = 0; i < labels.voxels.size(); ++i) ids.voxels[i] = labels.voxels[i] != 0 ? 1 : 0;
  return ids;
}

std::vector<uint8_t> render_overlay(const ImageVolume& image, const InstanceVolume* truth,
                                    const InstanceVolume& prediction) {
  const std::string problem = grid_problem(image, truth, prediction);
  if (!problem.empty()) throw std::invalid_argument("render_overlay: " + problem);
  const int64_t z = overlay_slice(image.geometry);
  const size_t pixels = size_t(image.geometry.nx() * image.geometry.ny());
  const std::vector<uint8_t> predicted = contour_of_slice(prediction, z);
  const std::vector<uint8_t> true_contour = truth ? contour_of_slice(*truth, z) : std::vector<uint8_t>(pixels, 0);
  const float* slice = image.voxels.data() + pixels * size_t(z);
  std::vector<uint8_t> rgb(3 * pixels);
  for (size_t i = 0; i < pixels; ++i) {
    const uint8_t grey = grey_of(slice[i]);
    OverlayRgb colour{grey, grey, grey};
    if (true_contour[i] && predicted[i]) {
      colour = kBothContoursColour;
    } else if (true_contour[i]) {
      colour = kTruthContourColour;
    } else if (predicted[i]) {
      colour = kPredictedContourColour;
    }
    for (size_t c = 0; c < 3; ++c) rgb[3 * i + c] = colour[c];
  }
  return rgb;
}

void write_overlay_png(const std::filesystem::path& path, const ImageVolume& image, const InstanceVolume* truth,
                       const InstanceVolume& prediction) {
  const std::string problem = grid_problem(image, truth, prediction);
  if (!problem.empty()) throw_file_error(path, problem);
  write_png_rgb8(path, image.geometry.nx(), image.geometry.ny(), render_overlay(image, truth, prediction));
}

}  // namespace hypera::data
