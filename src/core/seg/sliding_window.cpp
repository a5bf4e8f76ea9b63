#include "core/seg/sliding_window.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hypera::core {
namespace {

// The window's start of every window: the cartesian product of window_starts over the axes.
std::vector<std::vector<int64_t>> window_corners(const std::vector<int64_t>& extents, const std::vector<int64_t>& window,
                                                 double overlap) {
  std::vector<std::vector<int64_t>> corners{{}};
  for (size_t axis = 0; axis < extents.size(); ++axis) {
    std::vector<std::vector<int64_t>> longer;
    for (const auto& corner : corners) {
      for (const int64_t start : window_starts(extents[axis], window[axis], overlap)) {
        longer.push_back(corner);
        longer.back().push_back(start);
      }
    }
    corners = std::move(longer);
  }
  return corners;
}

// input[:, :, corner : corner + window] (a view).
torch::Tensor window_of(const torch::Tensor& tensor, const std::vector<int64_t>& corner,
                        const std::vector<int64_t>& window) {
  torch::Tensor view = tensor;
  for (size_t axis = 0; axis < corner.size(); ++axis) {
    view = view.narrow(static_cast<int64_t>(axis) + 2, corner[axis], window[axis]);
  }
  return view;
}

}  // namespace

std::vector<int64_t> window_starts(int64_t extent, int64_t window, double overlap) {
  if (window < 1 || !(overlap >= 0 && overlap < 1)) {
    throw std::invalid_argument("window_starts: window must be >= 1 and overlap in [0, 1)");
  }
  if (extent <= window) return {0};
  const int64_t step = std::max<int64_t>(1, static_cast<int64_t>(std::floor(window * (1 - overlap))));
  std::vector<int64_t> starts;
  for (int64_t start = 0; start + window < extent; start += step) starts.push_back(start);
  starts.push_back(extent - window);
  return starts;
}

torch::Tensor gaussian_importance(const std::vector<int64_t>& size) {
  torch::Tensor weights = torch::ones({}, torch::kFloat32);
  for (const int64_t n : size) {
    const torch::Tensor position = torch::arange(n, torch::kFloat32) - (n - 1) / 2.0;
    const double sigma = n / 8.0;
    const torch::Tensor axis = torch::exp(-position * position / (2 * sigma * sigma));
    weights = weights.unsqueeze(-1) * axis;
  }
  weights = weights / weights.max();
  return weights.clamp_min(1e-3);
}

torch::Tensor predict_by_windows(const torch::Tensor& input, const std::vector<int64_t>& window, double overlap,
                                 int64_t per_batch, const WindowPredictor& predict) {
  const int64_t spatial = input.dim() - 2;
  if (spatial < 2 || spatial > 3 || static_cast<int64_t>(window.size()) != spatial || per_batch < 1) {
    throw std::invalid_argument("predict_by_windows: needs [N, C, 2 or 3 spatial axes], one window size per axis");
  }
  std::vector<int64_t> extents(input.sizes().begin() + 2, input.sizes().end());
  std::vector<int64_t> size(window);
  for (int64_t axis = 0; axis < spatial; ++axis) size[axis] = std::min(size[axis], extents[axis]);
  const auto corners = window_corners(extents, size, overlap);
  if (corners.size() == 1) return predict(input).to(torch::kFloat32);

  const torch::Tensor importance = gaussian_importance(size);
  torch::Tensor sum;  // [N, C, spatial...]
  torch::Tensor weight = torch::zeros(extents, torch::kFloat32);
  for (size_t first = 0; first < corners.size(); first += static_cast<size_t>(per_batch)) {
    const size_t last = std::min(corners.size(), first + static_cast<size_t>(per_batch));
    std::vector<torch::Tensor> windows;
    for (size_t k = first; k < last; ++k) windows.push_back(window_of(input, corners[k], size));
    // Windows of all N images, window-major: [(last - first) * N, Cin, size...].
    const torch::Tensor probabilities = predict(torch::cat(windows, 0)).to(torch::kFloat32);
    if (!sum.defined()) {
      std::vector<int64_t> shape{input.size(0), probabilities.size(1)};
      shape.insert(shape.end(), extents.begin(), extents.end());
      sum = torch::zeros(shape, torch::kFloat32);
    }
    for (size_t k = first; k < last; ++k) {
      const int64_t n = input.size(0);
      const torch::Tensor part = probabilities.narrow(0, static_cast<int64_t>(k - first) * n, n);
      window_of(sum, corners[k], size).add_(part * importance);
      window_of(weight.unsqueeze(0).unsqueeze(0), corners[k], size).add_(importance);
    }
  }
  return sum / weight;
}

}  // namespace hypera::core
