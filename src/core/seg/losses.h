#pragma once
// Segmentation losses on logits [B, C, spatial...] (any number of spatial axes) and integer targets
// int64 [B, spatial...] with values in 0..C-1. Every loss is a differentiable scalar tensor (mean
// reduction). Computation runs in float32 (float64 when the logits are float64), also when the logits
// come from a bf16/fp16 autocast region. A target outside 0..C-1 or shapes that disagree throw InputError.
// Cost: a few passes over B*C*voxels values; no state, thread-safe.
#include <torch/torch.h>

#include <optional>

namespace hypera::core {

// Soft Dice, "batch dice" (MONAI DiceLoss with batch=True, nnU-Net's batch_dice): for each class c the
// softmax probabilities p and the one-hot target g are summed over the batch AND the voxels,
// dice_c = (2 * sum(p g) + smooth) / (sum(p) + sum(g) + smooth), and the loss is 1 - mean_c dice_c over
// the classes included (class 0 is left out unless include_background; C must then be >= 2).
// A class absent from target and prediction has dice_c = 1 (smooth / smooth).
torch::Tensor soft_dice_loss(const torch::Tensor& logits, const torch::Tensor& target,
                             bool include_background = false, double smooth = 1e-5);

// Softmax cross-entropy averaged over voxels (call it qualified, core::cross_entropy_loss: argument-dependent
// lookup also finds at::cross_entropy_loss); with class_weights (float [C]) it is the weighted mean
// sum_i w[t_i] * (-log p_i[t_i]) / sum_i w[t_i], as torch.nn.functional.cross_entropy.
torch::Tensor cross_entropy_loss(const torch::Tensor& logits, const torch::Tensor& target,
                                 const std::optional<torch::Tensor>& class_weights = std::nullopt);

// Softmax focal loss (Lin et al. 2017) averaged over voxels: -a_t * (1 - p_t)^gamma * log p_t, where p_t
// is the softmax probability of the true class, a_t = alpha for foreground classes (t >= 1) and
// 1 - alpha for background (t == 0), as the binary alpha-balanced form. gamma >= 0, alpha in [0, 1].
torch::Tensor focal_loss(const torch::Tensor& logits, const torch::Tensor& target, double gamma = 2.0,
                         double alpha = 0.25);

struct LossWeights {
  double dice = 1;
  double ce = 1;
  double focal = 0;
};

struct CompositeLossOptions {
  bool dice_include_background = false;
  double dice_smooth = 1e-5;
  std::optional<torch::Tensor> ce_class_weights;  // float [C]
  double focal_gamma = 2.0;
  double focal_alpha = 0.25;
};

// total: the differentiable weighted sum of the terms with a non-zero weight.
// dice, ce, focal: every term's unweighted value (all three are always computed, so that a term whose
// weight an agent has set to zero can still be watched; they share one log-softmax).
struct LossTerms {
  torch::Tensor total;
  double dice = 0;
  double ce = 0;
  double focal = 0;
};

// Weights must be >= 0 and not all zero (InputError "loss.dice: ..." otherwise).
LossTerms composite_loss(const torch::Tensor& logits, const torch::Tensor& target, const LossWeights& weights,
                         const CompositeLossOptions& options = {});

}  // namespace hypera::core
