// Sliding-window prediction: the windows cover every voxel without leaving the image, the blend of windows
// reproduces a prediction that does not depend on context, a window that covers the image is the plain
// prediction, and a real U-Net's windowed probabilities stay probabilities close to its whole-image ones.
#include "core/seg/sliding_window.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/seg/unet.h"

namespace hypera::core {
namespace {

TEST(SlidingWindow, StartsCoverTheAxisAndEndAtItsEnd) {
  EXPECT_EQ(window_starts(100, 40, 0.5), (std::vector<int64_t>{0, 20, 40, 60}));
  EXPECT_EQ(window_starts(101, 40, 0.5), (std::vector<int64_t>{0, 20, 40, 60, 61}));
  EXPECT_EQ(window_starts(30, 40, 0.5), (std::vector<int64_t>{0}));
  EXPECT_EQ(window_starts(10, 4, 0), (std::vector<int64_t>{0, 4, 6}));
  EXPECT_EQ(window_starts(5, 3, 0.9), (std::vector<int64_t>{0, 1, 2}));  // the step is at least 1
  EXPECT_THROW(window_starts(10, 0, 0.5), std::invalid_argument);
  EXPECT_THROW(window_starts(10, 4, 1.0), std::invalid_argument);
}

TEST(SlidingWindow, GaussianIsLargestAtTheCentreAndNeverZero) {
  const torch::Tensor w = gaussian_importance({9, 16});
  EXPECT_EQ(w.sizes(), (std::vector<int64_t>{9, 16}));
  EXPECT_FLOAT_EQ(w.max().item<float>(), 1.0f);
  EXPECT_GE(w.min().item<float>(), 1e-3f);
  EXPECT_GT(w[4][7].item<float>(), w[0][7].item<float>());
  EXPECT_FLOAT_EQ(w[4][7].item<float>(), w[4][8].item<float>());  // symmetric about the centre
}

// A "network" whose output at a voxel depends on that voxel only: the blend must give it back exactly.
torch::Tensor pointwise(const torch::Tensor& windows) {
  return torch::cat({torch::sigmoid(windows), 1 - torch::sigmoid(windows)}, 1);
}

TEST(SlidingWindow, BlendingAContextFreePredictionGivesItBack) {
  torch::manual_seed(1);
  for (const auto& shape : {std::vector<int64_t>{3, 1, 37, 50}, std::vector<int64_t>{1, 1, 13, 21, 30}}) {
    const torch::Tensor input = torch::randn(shape);
    const std::vector<int64_t> window(shape.size() - 2, 16);
    const torch::Tensor blended = predict_by_windows(input, window, 0.5, 4, pointwise);
    EXPECT_EQ(blended.sizes(), pointwise(input).sizes());
    EXPECT_TRUE(torch::allclose(blended, pointwise(input), 1e-5, 1e-6));
  }
}

TEST(SlidingWindow, AWindowOverTheWholeInputIsOnePrediction) {
  int calls = 0;
  const torch::Tensor input = torch::randn({2, 1, 20, 24});
  const torch::Tensor out = predict_by_windows(input, {32, 32}, 0.5, 8, [&](const torch::Tensor& windows) {
    ++calls;
    EXPECT_EQ(windows.sizes(), input.sizes());
    return pointwise(windows);
  });
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(torch::equal(out, pointwise(input)));
}

TEST(SlidingWindow, ARealUNetGivesProbabilitiesCloseToTheWholeImage) {
  torch::manual_seed(2);
  UNetOptions options;
  options.depth = 3;
  options.base_channels = 4;
  options.num_classes = 3;
  UNet model(options);
  const torch::Tensor input = torch::rand({1, 1, 64, 80});
  const auto softmax = [&](const torch::Tensor& x) { return torch::softmax(predict_logits(model, x), 1); };
  const torch::Tensor whole = softmax(input);
  const torch::Tensor windowed = predict_by_windows(input, {48, 48}, 0.5, 2, softmax);
  EXPECT_TRUE(torch::allclose(windowed.sum(1), torch::ones({1, 64, 80}), 1e-5, 1e-5));
  // Instance norm sees other statistics in a window, so the two differ, but not by much.
  EXPECT_LT((windowed - whole).abs().mean().item<double>(), 0.05);
  EXPECT_GT((windowed - whole).abs().max().item<double>(), 0.0);
}

}  // namespace
}  // namespace hypera::core
