// Prediction from several image channels: a network of two input channels predicts 2D images and 3D volumes whole,
// slice by slice along any axis (each slice's channels taken from the same voxels) and by sliding windows; a channel
// count other than the network's is refused.
#include <gtest/gtest.h>

#include "core/train/segmentation_predictor.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

UNet two_channel_network(int spatial_dims) {
  UNetOptions o;
  o.spatial_dims = spatial_dims;
  o.in_channels = 2;
  o.num_classes = 3;
  o.depth = 2;
  o.base_channels = 4;
  o.seed = 11;
  UNet model(o);
  model->eval();
  return model;
}

// Two channels of a smooth pattern and its square, so that the channels differ and vary along every axis.
std::vector<data::ImageVolume> two_channels(const std::array<int64_t, 3>& size) {
  data::Geometry g;
  g.size = size;
  std::vector<data::ImageVolume> channels{data::ImageVolume(g), data::ImageVolume(g)};
  for (int64_t z = 0; z < size[2]; ++z) {
    for (int64_t y = 0; y < size[1]; ++y) {
      for (int64_t x = 0; x < size[0]; ++x) {
        const float v = float((x * 3 + y * 5 + z * 7) % 17) / 16;
        channels[0].at(x, y, z) = v;
        channels[1].at(x, y, z) = v * v;
      }
    }
  }
  return channels;
}

TEST(MultiChannelPrediction, SlicesAlongXTakeBothChannelsOfTheSameVoxels) {
  torch::set_num_threads(1);
  UNet model = two_channel_network(2);
  const std::vector<data::ImageVolume> volume = two_channels({6, 16, 12});
  PredictionOptions options;
  options.slice_axis = 0;
  const std::vector<data::ImageVolume> whole = predict_probabilities(model, volume, options);
  ASSERT_EQ(whole.size(), 3u);
  for (const int64_t x : {0, 3, 5}) {
    // The slice at x as a 2D image of (y, z), channel by channel.
    data::Geometry plane;
    plane.size = {16, 12, 1};
    std::vector<data::ImageVolume> slice{data::ImageVolume(plane), data::ImageVolume(plane)};
    for (int c = 0; c < 2; ++c) {
      for (int64_t z = 0; z < 12; ++z) {
        for (int64_t y = 0; y < 16; ++y) slice[size_t(c)].at(y, z) = volume[size_t(c)].at(x, y, z);
      }
    }
    const std::vector<data::ImageVolume> alone = predict_probabilities(model, slice, PredictionOptions{});
    for (int k = 0; k < 3; ++k) {
      for (int64_t z = 0; z < 12; ++z) {
        for (int64_t y = 0; y < 16; ++y) {
          ASSERT_NEAR(whole[size_t(k)].at(x, y, z), alone[size_t(k)].at(y, z), 1e-5) << k << " " << x << y << z;
        }
      }
    }
  }
}

TEST(MultiChannelPrediction, ThreeDNetworksWholeAndByWindowsAgreeAndChannelsMatter) {
  torch::set_num_threads(1);
  UNet model = two_channel_network(3);
  std::vector<data::ImageVolume> volume = two_channels({16, 16, 16});
  PredictionOptions options;
  const std::vector<data::ImageVolume> whole = predict_probabilities(model, volume, options);
  options.window = {16, 16, 16};  // one window covering the volume: the same input, the same output
  const std::vector<data::ImageVolume> windowed = predict_probabilities(model, volume, options);
  for (size_t k = 0; k < whole.size(); ++k) {
    for (size_t i = 0; i < whole[k].voxels.size(); ++i) ASSERT_NEAR(whole[k].voxels[i], windowed[k].voxels[i], 1e-5);
  }
  std::swap(volume[0], volume[1]);  // the second channel is an input of its own, not ignored
  const std::vector<data::ImageVolume> swapped = predict_probabilities(model, volume, PredictionOptions{});
  double difference = 0;
  for (size_t i = 0; i < whole[1].voxels.size(); ++i) difference += std::abs(whole[1].voxels[i] - swapped[1].voxels[i]);
  EXPECT_GT(difference, 1e-3);
}

TEST(MultiChannelPrediction, AnotherChannelCountIsRefused) {
  UNet model = two_channel_network(2);
  std::vector<data::ImageVolume> image = two_channels({16, 16, 1});
  image.pop_back();
  EXPECT_THROW(predict_probabilities(model, image, PredictionOptions{}), InputError);
  EXPECT_THROW(predict_probabilities(model, {}, PredictionOptions{}), std::invalid_argument);
}

}  // namespace
}  // namespace hypera::core
