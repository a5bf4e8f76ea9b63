#include "data/io/overlay_png.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/expect_input_error.h"
#include "common/grid.h"
#include "common/scratch_folder.h"
#include "data/io/png_io.h"

namespace hypera::data {
namespace {

using test::fill_box;
using test::grid;
using test::ScratchFolder;

// The colour of pixel (x, y) of an RGB PNG, each channel read back with the repository's reader.
struct RgbPicture {
  std::array<Volume<uint16_t>, 3> channels;
  explicit RgbPicture(const std::filesystem::path& path)
      : channels{read_png_channel(path, 0), read_png_channel(path, 1), read_png_channel(path, 2)} {}
  OverlayRgb at(int64_t x, int64_t y) const {
    return {uint8_t(channels[0].at(x, y)), uint8_t(channels[1].at(x, y)), uint8_t(channels[2].at(x, y))};
  }
};

OverlayRgb grey(uint8_t value) { return {value, value, value}; }

// A 7 x 6 image whose value at (x, y) is (x + 7 y) / 41 (so every pixel's grey is known), three values out of range.
ImageVolume ramp_image() {
  ImageVolume image(grid(7, 6));
  for (int64_t y = 0; y < 6; ++y) {
    for (int64_t x = 0; x < 7; ++x) image.at(x, y) = float(x + 7 * y) / 41.f;
  }
  image.at(6, 0) = -0.5f;
  image.at(6, 5) = 2.f;
  image.at(0, 5) = std::numeric_limits<float>::quiet_NaN();
  return image;
}

TEST(OverlayPng, ColoursOfTrueAndPredictedContoursReadBack) {
  ScratchFolder dir;
  const ImageVolume image = ramp_image();
  InstanceVolume truth(grid(7, 6));
  fill_box(truth, 1, 1, 5, 4, 1);  // one object, x 1..5, y 1..4
  InstanceVolume prediction(grid(7, 6));
  fill_box(prediction, 1, 1, 2, 4, 1);  // two touching objects, x 1..2 and x 3..4
  fill_box(prediction, 3, 1, 2, 4, 2);
  const auto path = dir / "overlay.png";
  write_overlay_png(path, image, &truth, prediction);

  const RgbPicture picture(path);
  ASSERT_EQ(picture.channels[0].geometry.size, (std::array<int64_t, 3>{7, 6, 1}));
  EXPECT_EQ(picture.at(1, 1), kBothContoursColour);       // a corner of both
  EXPECT_EQ(picture.at(4, 4), kBothContoursColour);
  EXPECT_EQ(picture.at(5, 2), kTruthContourColour);       // the true object's right edge, nothing predicted
  EXPECT_EQ(picture.at(2, 2), kPredictedContourColour);   // inside the truth, where the predicted objects touch
  EXPECT_EQ(picture.at(3, 3), kPredictedContourColour);
  EXPECT_EQ(picture.at(4, 2), kPredictedContourColour);   // the prediction's right edge, inside the truth
  EXPECT_EQ(kTruthContourColour, (OverlayRgb{0, 255, 0}));
  EXPECT_EQ(kPredictedContourColour, (OverlayRgb{255, 0, 255}));
  EXPECT_EQ(picture.at(0, 0), grey(0));                               // background: the image in grey
  EXPECT_EQ(picture.at(3, 0), grey(uint8_t(std::lround(3.f / 41.f * 255.f))));
  EXPECT_EQ(picture.at(5, 5), grey(uint8_t(std::lround(40.f / 41.f * 255.f))));
  EXPECT_EQ(picture.at(6, 0), grey(0));                               // below 0
  EXPECT_EQ(picture.at(6, 5), grey(255));                             // above 1
  EXPECT_EQ(picture.at(0, 5), grey(0));                               // NaN
}

TEST(OverlayPng, WithoutTruthOnlyThePredictionIsDrawn) {
  ScratchFolder dir;
  const ImageVolume image = ramp_image();
  InstanceVolume prediction(grid(7, 6));
  fill_box(prediction, 1, 1, 5, 4, 3);
  const auto path = dir / "new_data.png";
  write_overlay_png(path, image, nullptr, prediction);
  const RgbPicture picture(path);
  EXPECT_EQ(picture.at(1, 1), kPredictedContourColour);
  EXPECT_EQ(picture.at(5, 4), kPredictedContourColour);
  EXPECT_EQ(picture.at(3, 2), grey(uint8_t(std::lround(17.f / 41.f * 255.f))));  // inside: the image
}

TEST(OverlayPng, ContourRule) {
  // An object filling the image is closed by the image border; its inside is not contour.
  InstanceVolume full(grid(4, 3), 5);
  EXPECT_EQ(contour_of_slice(full, 0), (std::vector<uint8_t>{1, 1, 1, 1,  //
                                                             1, 0, 0, 1,  //
                                                             1, 1, 1, 1}));
  // Two touching objects (ids 1 and 2) are both outlined where they meet.
  InstanceVolume touching(grid(6, 3));
  fill_box(touching, 0, 0, 3, 3, 1);
  fill_box(touching, 3, 0, 3, 3, 2);
  EXPECT_EQ(contour_of_slice(touching, 0), (std::vector<uint8_t>{1, 1, 1, 1, 1, 1,  //
                                                                 1, 0, 1, 1, 0, 1,  //
                                                                 1, 1, 1, 1, 1, 1}));
  LabelVolume labels(grid(3, 1));
  labels.voxels = {0, 2, 1};
  EXPECT_EQ(foreground_ids(labels).voxels, (std::vector<int32_t>{0, 1, 1}));
}

TEST(OverlayPng, VolumeShowsItsMiddleSlice) {
  ScratchFolder dir;
  const int64_t nz = 5;
  ImageVolume image(grid(4, 4, nz));
  InstanceVolume prediction(grid(4, 4, nz));
  for (int64_t z = 0; z < nz; ++z) {
    for (int64_t y = 0; y < 4; ++y) {
      for (int64_t x = 0; x < 4; ++x) image.at(x, y, z) = float(z) / 4.f;
    }
  }
  prediction.at(2, 2, 2) = 1;  // only in the middle slice (z = 2)
  prediction.at(0, 0, 1) = 1;
  EXPECT_EQ(overlay_slice(image.geometry), 2);
  const auto path = dir / "volume.png";
  write_overlay_png(path, image, &prediction, prediction);
  const RgbPicture picture(path);
  ASSERT_EQ(picture.channels[0].geometry.size, (std::array<int64_t, 3>{4, 4, 1}));
  EXPECT_EQ(picture.at(2, 2), kBothContoursColour);
  EXPECT_EQ(picture.at(0, 0), grey(128));  // slice 2's grey (0.5), not slice 1's object

  // The slice alone gives the same picture; its affine places it where it lay in the volume.
  image.geometry.affine[10] = 2.5;  // z spacing
  image.geometry.affine[11] = -7;   // z origin
  const ImageVolume slice = overlay_slice_of(image);
  ASSERT_EQ(slice.geometry.size, (std::array<int64_t, 3>{4, 4, 1}));
  EXPECT_DOUBLE_EQ(slice.geometry.affine[11], -7 + 2.5 * 2);
  EXPECT_EQ(slice.geometry.affine[10], 2.5);
  EXPECT_EQ(render_overlay(slice, nullptr, overlay_slice_of(prediction)), render_overlay(image, nullptr, prediction));
  EXPECT_EQ(overlay_slice_of(slice).voxels, slice.voxels);
}

TEST(OverlayPng, ContoursOffTheImageGridAreRefused) {
  ScratchFolder dir;
  const ImageVolume image = ramp_image();
  const InstanceVolume other(grid(6, 7));
  const auto path = dir / "bad.png";
  test::expect_input_error([&] { write_overlay_png(path, image, nullptr, other); }, path);
  test::expect_input_error([&] { write_overlay_png(path, image, &other, InstanceVolume(image.geometry)); }, path);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_THROW(render_overlay(image, nullptr, other), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::data
