#include "core/seg/boundary_loss.h"

#include <string>
#include <vector>

#include "core/seg/shape_text.h"
#include "support/input_error.h"

namespace hypera::core {

torch::Tensor boundary_loss_from_probabilities(const torch::Tensor& probabilities, const torch::Tensor& distance_maps) {
  if (probabilities.dim() < 3 || probabilities.size(1) < 2) {
    throw InputError("boundary_loss: expected logits [B, C >= 2, spatial...], got " + shape_text(probabilities));
  }
  std::vector<int64_t> expected = probabilities.sizes().vec();
  expected[1] -= 1;
  if (!distance_maps.defined() || distance_maps.sizes().vec() != expected) {
    throw InputError("boundary_loss: distance maps " +
                     (distance_maps.defined() ? shape_text(distance_maps) : std::string("(none)")) +
                     " do not match logits " + shape_text(probabilities) + " (need [B, C - 1, spatial...])");
  }
  const torch::Tensor foreground = probabilities.slice(1, 1);
  const torch::Tensor phi = distance_maps.to(probabilities.options());
  const int64_t voxels = probabilities.numel() / probabilities.size(1);
  return (foreground * phi).sum() / static_cast<double>(voxels);
}

torch::Tensor boundary_loss(const torch::Tensor& logits, const torch::Tensor& distance_maps) {
  const torch::Tensor x = logits.scalar_type() == torch::kDouble ? logits : logits.to(torch::kFloat);
  return boundary_loss_from_probabilities(torch::softmax(x, 1), distance_maps);
}

}  // namespace hypera::core
