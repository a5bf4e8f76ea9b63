#pragma once
// One optimizer step of segmentation training: forward (optionally bf16 autocast, channels-last), the
// composite loss with the registry's weights, backward, gradients averaged over the ranks (`gradients`,
// gradient_sync.h: finish() before the step), gradient norm, optimizer step. A step whose loss or
// averaged gradient is not finite is not applied (gradients are discarded) and reported, so one bad
// batch cannot poison the weights. Data parallel: every rank calls it with its own part of the global
// batch; a rank whose loss is not finite back-propagates NaN, so the averaged gradient is NaN on every
// rank and every rank skips the step together (no rank leaves the collective early). Runs on the
// training thread; collective when `gradients` is.
#include <map>
#include <string>

#include "core/seg/losses.h"
#include "core/seg/unet.h"
#include "core/train/gradient_sync.h"

namespace hypera::core {

struct StepOptions {
  bool bf16 = false;
  bool channels_last = false;  // 2D only
  CompositeLossOptions loss;
};

struct StepResult {
  bool applied = false;  // false: the loss or the averaged gradient was not finite; the step was skipped
  double loss = 0;       // this rank's loss
  std::map<std::string, double> terms;  // "dice", "ce", "focal", and "boundary" when distance maps were given
  double gradient_norm = 0;             // L2 norm over every parameter gradient (after averaging)
};

// distance_maps: the batch's signed distance maps [B, C - 1, spatial...] (data::Batch::distance), or an
// undefined tensor when the boundary term is not in use.
StepResult training_step(UNet& model, torch::optim::Optimizer& optimizer, GradientSync& gradients,
                         const torch::Tensor& image, const torch::Tensor& label, const LossWeights& weights,
                         const StepOptions& options, const torch::Tensor& distance_maps = {});

}  // namespace hypera::core
