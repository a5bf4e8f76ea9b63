#pragma once
// One optimizer step of segmentation training: forward (optionally bf16 autocast, channels-last), the
// composite loss with the registry's weights, backward, gradients averaged over the ranks (`gradients`,
// parallel/gradient_sync.h: finish() before the step), gradient norm, optimizer step. A step whose loss or
// averaged gradient is not finite is not applied (gradients are discarded) and reported, so one bad
// batch cannot poison the weights. Data parallel: every rank calls it with its own part of the global
// batch; a rank whose loss is not finite back-propagates NaN, so the averaged gradient is NaN on every
// rank and every rank skips the step together (no rank leaves the collective early). Runs on the
// training thread; collective when `gradients` is.
//
// Gradient accumulation (StepOptions::micro_batches = k > 1): the batch is split into k micro-batches along
// dim 0 (torch::chunk: equal parts when k divides the batch; the remainder batch at an epoch's end may give
// fewer, smaller ones, and then k is their count), each forwarded and back-propagated in turn with its loss divided by k, so the accumulated
// gradient is that of the mean of the k micro-batch losses. Only the last micro-batch's backward
// communicates (set_synchronising(false) before the others). A micro-batch whose loss is not finite
// back-propagates NaN into the local gradient, which the last backward carries into the average: the step
// is still skipped on every rank together. The result equals one step on the whole batch when every loss
// term is a mean over samples (per-sample Dice, unweighted cross-entropy, focal, boundary); batch Dice
// and class-weighted cross-entropy are computed per micro-batch.
#include <map>
#include <string>

#include "core/seg/losses.h"
#include "core/seg/unet.h"
#include "parallel/gradient_sync.h"

namespace hypera::core {

struct StepOptions {
  bool bf16 = false;
  bool channels_last = false;  // 2D only
  int64_t micro_batches = 1;   // gradient accumulation: micro-batches per step (at most the batch size)
  CompositeLossOptions loss;
};

struct StepResult {
  bool applied = false;  // false: the loss or the averaged gradient was not finite; the step was skipped
  double loss = 0;       // this rank's loss (the mean over its micro-batches)
  std::map<std::string, double> terms;  // "dice", "ce", "focal", and "boundary" when distance maps were given;
                                        // means over the micro-batches
  double gradient_norm = 0;             // L2 norm over every parameter gradient (after averaging)
};

// distance_maps: the batch's signed distance maps [B, C - 1, spatial...] (data::Batch::distance), or an
// undefined tensor when the boundary term is not in use. An empty batch or micro_batches < 1 throws
// std::invalid_argument.
StepResult training_step(UNet& model, torch::optim::Optimizer& optimizer, parallel::GradientSync& gradients,
                         const torch::Tensor& image, const torch::Tensor& label, const LossWeights& weights,
                         const StepOptions& options, const torch::Tensor& distance_maps = {});

}  // namespace hypera::core
