#pragma once
// Prediction by overlapping windows, as nnU-Net and MONAI's sliding_window_inference do: the input is covered by
// windows of the training patch's size, each window's class probabilities are weighted by a Gaussian that
// trusts a window's centre more than its border, and the weighted sum is divided by the summed weights. Memory
// then grows with the window, not with the image (a 3D network on a whole CT volume would not fit), and every
// voxel is predicted with the context size the network was trained on.
#include <cstdint>
#include <functional>
#include <vector>

#include <torch/torch.h>

namespace hypera::core {

// The first voxel of every window along an axis of `extent` voxels: 0, then steps of
// max(1, floor(window * (1 - overlap))), the last window ending at the extent (so the ends are covered and no
// window leaves the image). extent <= window: {0} (one window, shrunk to the extent by the caller).
// window >= 1, overlap in [0, 1): std::invalid_argument otherwise.
std::vector<int64_t> window_starts(int64_t extent, int64_t window, double overlap);

// The weights of one window of `size` voxels per axis ([size...] float): a Gaussian per axis with sigma = size / 8
// around the window's centre, multiplied over the axes, scaled so that the largest weight is 1, and no weight
// below 1e-3 (a border voxel that only one window covers still gets a finite, well-defined blend).
torch::Tensor gaussian_importance(const std::vector<int64_t>& size);

// Class probabilities of a batch of windows: [b, Cin, window...] -> [b, C, window...].
using WindowPredictor = std::function<torch::Tensor(const torch::Tensor& windows)>;

// input [N, Cin, spatial...] (2 or 3 spatial axes); window: one size per spatial axis (tensor order), each >= 1;
// a window larger than the input along an axis is shrunk to it. Returns [N, C, spatial...] fp32: the
// Gaussian-weighted blend of `predict` over the windows (window_starts per axis), up to `per_batch` windows per
// call. A window that covers the whole input gives exactly predict(input). Cost: one predict per window; memory
// O(N * C * voxels) for the output plus one batch of windows.
torch::Tensor predict_by_windows(const torch::Tensor& input, const std::vector<int64_t>& window, double overlap,
                                 int64_t per_batch, const WindowPredictor& predict);

}  // namespace hypera::core
