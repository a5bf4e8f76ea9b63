#include "core/train/training_step.h"

#include <cmath>
#include <limits>

#include "core/seg/torch_compat.h"

namespace hypera::core {

StepResult training_step(UNet& model, torch::optim::Optimizer& optimizer, GradientSync& gradients,
                         const torch::Tensor& image, const torch::Tensor& label, const LossWeights& weights,
                         const StepOptions& options, const torch::Tensor& distance_maps) {
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
  const LossTerms terms = composite_loss(logits.to(torch::kFloat32), label, weights, options.loss, distance_maps);
  StepResult result;
  result.loss = terms.total.item<double>();
  result.terms = {{"dice", terms.dice}, {"ce", terms.ce}, {"focal", terms.focal}};
  if (terms.boundary) result.terms["boundary"] = *terms.boundary;
  gradients.set_synchronising(true);
  if (std::isfinite(result.loss)) {
    terms.total.backward();
  } else {
    terms.total.backward(torch::full_like(terms.total, std::numeric_limits<float>::quiet_NaN()));
  }
  gradients.finish();
  std::vector<torch::Tensor> squared_norms;  // one reduction and one read-back, not one per parameter
  for (const auto& parameter : model->parameters()) {
    if (parameter.grad().defined()) squared_norms.push_back(parameter.grad().pow(2).sum());
  }
  result.gradient_norm =
      squared_norms.empty() ? 0.0 : torch::stack(squared_norms).sum().sqrt().item<double>();
  if (!std::isfinite(result.gradient_norm)) return result;
  optimizer.step();
  result.applied = true;
  return result;
}

}  // namespace hypera::core
