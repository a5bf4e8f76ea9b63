#pragma once
// Boundary loss of Kervadec et al. (MIDL 2019 / MedIA 2021) on logits [B, C, spatial...] and the signed
// distance maps of the ground truth (signed_distance.h: negative inside, 0 on the class surface, positive
// outside, physical units) for the foreground classes, float [B, C - 1, spatial...]:
//   L_B = (1 / (B * voxels)) * sum_voxels sum_{c = 1}^{C - 1} softmax(logits)_c * phi_c,
// i.e. summed over foreground classes and averaged over voxels. Kervadec's released code averages over the
// classes too (einsum(...).mean()), which is L_B / (C - 1); both agree for one foreground class.
// The loss is smallest (negative) when each class's probability is 1 exactly where phi_c < 0, and it is
// in the units of phi (mm for medical images, pixels for microscopy with spacing 1).
// Shapes that disagree throw InputError. Computes in float32 (float64 for float64 logits). Thread-safe.
#include <torch/torch.h>

namespace hypera::core {

torch::Tensor boundary_loss(const torch::Tensor& logits, const torch::Tensor& distance_maps);

// The same from softmax probabilities [B, C, spatial...] that the caller already has (composite_loss).
torch::Tensor boundary_loss_from_probabilities(const torch::Tensor& probabilities, const torch::Tensor& distance_maps);

}  // namespace hypera::core
