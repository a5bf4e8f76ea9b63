#pragma once
// One optimizer step of segmentation training: forward (optionally bf16 autocast, channels-last), the
// composite loss with the registry's weights, backward, gradient norm, optimizer step. A step whose loss
// is not finite is not applied (gradients are discarded) and reported, so one bad batch cannot poison
// the weights. Runs on the training thread.
#include <map>
#include <string>

#include "core/seg/losses.h"
#include "core/seg/unet.h"

namespace hypera::core {

struct StepOptions {
  bool bf16 = false;
  bool channels_last = false;  // 2D only
  CompositeLossOptions loss;
};

struct StepResult {
  bool applied = false;  // false: the loss was not finite and the step was skipped
  double loss = 0;
  std::map<std::string, double> terms;  // "dice", "ce", "focal", and "boundary" when distance maps were given
  double gradient_norm = 0;             // L2 norm over every parameter gradient
};

// distance_maps: the batch's signed distance maps [B, C - 1, spatial...] (data::Batch::distance), or an
// undefined tensor when the boundary term is not in use.
StepResult training_step(UNet& model, torch::optim::Optimizer& optimizer, const torch::Tensor& image,
                         const torch::Tensor& label, const LossWeights& weights, const StepOptions& options,
                         const torch::Tensor& distance_maps = {});

}  // namespace hypera::core
