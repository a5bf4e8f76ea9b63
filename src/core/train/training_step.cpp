#include "core/train/training_step.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/train/device_choice.h"
#include "support/torch_compat.h"

namespace hypera::core {
namespace {

// The batch (on the CPU, as the loader makes it) is moved to the model's device here.
LossTerms forward_loss(UNet& model, const torch::Tensor& image, const torch::Tensor& label, const LossWeights& weights,
                       const StepOptions& options, const torch::Tensor& distance_maps) {
  const torch::Device device = device_of(*model);
  torch::Tensor input = image.to(device);
  if (options.channels_last && input.dim() == 4) input = input.contiguous(at::MemoryFormat::ChannelsLast);
  torch::Tensor logits;
  {
    std::optional<torch::ScalarType> dtype;
    if (options.bf16) dtype = torch::kBFloat16;
    AutocastGuard autocast(device, dtype);
    logits = model->forward(input);
  }
  return composite_loss(logits.to(torch::kFloat32), label.to(device), weights, options.loss,
                        distance_maps.defined() ? distance_maps.to(device) : distance_maps);
}

}  // namespace

StepResult training_step(UNet& model, torch::optim::Optimizer& optimizer, parallel::GradientSync& gradients,
                         const torch::Tensor& image, const torch::Tensor& label, const LossWeights& weights,
                         const StepOptions& options, const torch::Tensor& distance_maps) {
  if (options.micro_batches < 1 || image.size(0) < 1) {
    throw std::invalid_argument("training_step: needs at least one sample and one micro-batch (got " +
                                std::to_string(image.size(0)) + " samples, " + std::to_string(options.micro_batches) +
                                " micro-batches)");
  }
  const auto images = image.chunk(options.micro_batches), labels = label.chunk(options.micro_batches);
  const auto k = static_cast<int64_t>(images.size());  // fewer than asked when the batch is smaller
  const auto maps = distance_maps.defined() ? distance_maps.chunk(options.micro_batches) : std::vector<torch::Tensor>(k);
  compat::zero_grad_in_place(optimizer);  // the gradients stay in the reducer's buckets
  StepResult result;
  for (int64_t m = 0; m < k; ++m) {
    const LossTerms terms = forward_loss(model, images[m], labels[m], weights, options, maps[m]);
    const double loss = terms.total.item<double>();
    result.loss += loss / k;
    result.terms["dice"] += terms.dice / k;
    result.terms["ce"] += terms.ce / k;
    result.terms["focal"] += terms.focal / k;
    if (terms.boundary) result.terms["boundary"] += *terms.boundary / k;
    const torch::Tensor share = terms.total * (gradients.loss_share() / static_cast<double>(k));
    gradients.set_synchronising(m == k - 1);
    if (std::isfinite(loss)) {
      share.backward();
    } else {
      share.backward(torch::full_like(share, std::numeric_limits<float>::quiet_NaN()));
    }
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
