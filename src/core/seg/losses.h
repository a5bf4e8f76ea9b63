#pragma once
// Segmentation losses on logits [B, C, spatial...] (any number of spatial axes) and integer targets
// int64 [B, spatial...] with values in 0..C-1. Every loss is a differentiable scalar tensor (mean
// reduction). Computation runs in float32 (float64 when the logits are float64), also when the logits
// come from a bf16/fp16 autocast region. A target outside 0..C-1 or shapes that disagree throw InputError.
// Cost: a few passes over B*C*voxels values; no state, thread-safe.
#include <torch/torch.h>

#include <optional>

#include "core/seg/boundary_loss.h"

namespace hypera::core {

// Soft Dice as MONAI DiceLoss(softmax=True, to_onehot_y=True, smooth_nr=smooth_dr=smooth) and nnU-Net's
// SoftDiceLoss: with softmax probabilities p and the one-hot target g,
// dice = (2 * sum(p g) + smooth) / (sum(p) + sum(g) + smooth), and the loss is 1 - mean(dice).
// batch (default, MONAI batch=True, nnU-Net batch_dice): the sums run over the batch AND the voxels, one
// dice per class, mean over the classes. batch = false (MONAI's default batch=False): the sums run over the
// voxels of each sample, one dice per (sample, class), mean over both.
// Class 0 is left out unless include_background (C must then be >= 2; softmax still covers all classes).
// A class absent from target and prediction has dice = 1 (smooth / smooth).
torch::Tensor soft_dice_loss(const torch::Tensor& logits, const torch::Tensor& target,
                             bool include_background = false, double smooth = 1e-5, bool batch = true);

// Softmax cross-entropy averaged over voxels (call it qualified, core::cross_entropy_loss: argument-dependent
// lookup also finds at::cross_entropy_loss); with class_weights (float [C]) it is the weighted mean
// sum_i w[t_i] * (-log p_i[t_i]) / sum_i w[t_i], as torch.nn.functional.cross_entropy.
torch::Tensor cross_entropy_loss(const torch::Tensor& logits, const torch::Tensor& target,
                                 const std::optional<torch::Tensor>& class_weights = std::nullopt);

// Softmax focal loss (Lin et al. 2017) averaged over voxels: -a_t * (1 - p_t)^gamma * log p_t, where p_t
// is the softmax probability of the true class, a_t = alpha for foreground classes (t >= 1) and
// 1 - alpha for background (t == 0). gamma >= 0, alpha in [0, 1]. This is the form of MONAI's
// FocalLoss(use_softmax=True, to_onehot_y=True, gamma, alpha) summed over the class axis (only the true
// class is non-zero) and averaged over the voxels; MONAI's reduction="mean" also averages over the C
// classes, so its value is ours / C. (torchvision's sigmoid_focal_loss is the one-vs-rest sigmoid form with
// a_t = alpha for positives; it is not the softmax form and is not followed.) gamma = 0, alpha = 0.5 gives
// half the cross-entropy.
torch::Tensor focal_loss(const torch::Tensor& logits, const torch::Tensor& target, double gamma = 2.0,
                         double alpha = 0.25);

struct LossWeights {
  double dice = 1;
  double ce = 1;
  double focal = 0;
  double boundary = 0;  // > 0 needs the signed distance maps
};

struct CompositeLossOptions {
  bool dice_include_background = false;
  double dice_smooth = 1e-5;
  bool dice_batch = true;
  std::optional<torch::Tensor> ce_class_weights;  // float [C]
  double focal_gamma = 2.0;
  double focal_alpha = 0.25;
};

// total: the differentiable weighted sum of the terms with a non-zero weight.
// dice, ce, focal, boundary: every term's unweighted value (always computed, so that a term whose weight an
// agent has set to zero can still be watched; they share one log-softmax). boundary is present exactly when
// distance maps were given.
struct LossTerms {
  torch::Tensor total;
  double dice = 0;
  double ce = 0;
  double focal = 0;
  std::optional<double> boundary;
};

// distance_maps: the signed distance maps of the target's foreground classes, float [B, C - 1, spatial...]
// (boundary_loss.h), or an undefined tensor. Weights must be >= 0 and not all zero, and boundary > 0 needs
// distance maps (InputError "loss.dice: ..." etc. otherwise). Terms with weight zero are evaluated outside
// the autograd graph.
LossTerms composite_loss(const torch::Tensor& logits, const torch::Tensor& target, const LossWeights& weights,
                         const CompositeLossOptions& options = {}, const torch::Tensor& distance_maps = {});

}  // namespace hypera::core
