#include "core/train/training_step.h"

#include <cmath>

#include "core/seg/torch_compat.h"

namespace hypera::core {

StepResult training_step(UNet& model, torch::optim::Optimizer& optimizer, const torch::Tensor& image,
                         const torch::Tensor& label, const LossWeights& weights, const StepOptions& options) {
  optimizer.zero_grad();
  torch::Tensor input = image;
  if (options.channels_last && input.dim() == 4) input = input.contiguous(at::MemoryFormat::ChannelsLast);
  torch::Tensor logits;
  {
    std::optional<torch::ScalarType> dtype;
    if (options.bf16) dtype = torch::kBFloat16;
    AutocastGuard autocast(torch::kCPU, dtype);
    logits = model->forward(input);
  }
  const LossTerms terms = composite_loss(logits.to(torch::kFloat32), label, weights, options.loss);
  StepResult result;
  result.loss = terms.total.item<double>();
  result.terms = {{"dice", terms.dice}, {"ce", terms.ce}, {"focal", terms.focal}};
  if (!std::isfinite(result.loss)) return result;

  terms.total.backward();
  double squared = 0;
  for (const auto& parameter : model->parameters()) {
    if (parameter.grad().defined()) squared += parameter.grad().pow(2).sum().item<double>();
  }
  result.gradient_norm = std::sqrt(squared);
  if (!std::isfinite(result.gradient_norm)) return result;
  optimizer.step();
  result.applied = true;
  return result;
}

}  // namespace hypera::core
