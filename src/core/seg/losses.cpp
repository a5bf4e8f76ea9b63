#include "core/seg/losses.h"

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/seg/shape_text.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

// Validates shapes, dtype and label range; returns the log-softmax over classes in float32/float64.
torch::Tensor checked_log_probs(const torch::Tensor& logits, const torch::Tensor& target, const char* who) {
  if (logits.dim() < 3 || target.dim() != logits.dim() - 1) {
    throw InputError(std::string(who) + ": expected logits [B, C, spatial...] and target [B, spatial...], got " +
                     shape_text(logits) + " and " + shape_text(target));
  }
  std::vector<int64_t> expected = logits.sizes().vec();
  expected.erase(expected.begin() + 1);
  if (target.sizes().vec() != expected) {
    throw InputError(std::string(who) + ": target " + shape_text(target) + " does not match logits " +
                     shape_text(logits));
  }
  if (target.scalar_type() != torch::kLong) {
    throw InputError(std::string(who) + ": target must be int64 class indices, got " +
                     std::string(c10::toString(target.scalar_type())));
  }
  const int64_t classes = logits.size(1);
  if (target.numel() > 0) {
    const auto [low, high] = torch::aminmax(target);
    const int64_t lo = low.item<int64_t>();
    const int64_t hi = high.item<int64_t>();
    if (lo < 0 || hi >= classes) {
      throw InputError(std::string(who) + ": target label " + std::to_string(lo < 0 ? lo : hi) + " outside 0.." +
                       std::to_string(classes - 1));
    }
  }
  const torch::Tensor x = logits.scalar_type() == torch::kDouble ? logits : logits.to(torch::kFloat);
  return torch::log_softmax(x, 1);
}

// The axes a Dice sum runs over: the spatial ones, and the batch axis for batch Dice.
std::vector<int64_t> dice_axes(int64_t dims, bool batch) {
  std::vector<int64_t> axes;
  if (batch) axes.push_back(0);
  for (int64_t d = 2; d < dims; ++d) {
    axes.push_back(d);
  }
  return axes;
}

torch::Tensor dice_from_log_probs(const torch::Tensor& log_probs, const torch::Tensor& target,
                                  bool include_background, double smooth, bool batch) {
  if (!include_background && log_probs.size(1) < 2) {
    throw InputError("soft_dice_loss: without background at least 2 classes are needed, got " +
                     std::to_string(log_probs.size(1)));
  }
  if (!(smooth >= 0)) {
    throw InputError("loss.dice_smooth: must be >= 0, got " + std::to_string(smooth));
  }
  const torch::Tensor probs = log_probs.exp();
  const torch::Tensor one_hot = torch::zeros_like(probs).scatter_(1, target.unsqueeze(1), 1.0);
  const auto axes = dice_axes(probs.dim(), batch);
  const torch::Tensor intersection = (probs * one_hot).sum(axes);
  const torch::Tensor denominator = probs.sum(axes) + one_hot.sum(axes);
  torch::Tensor dice = (2.0 * intersection + smooth) / (denominator + smooth);  // [C] or [B, C]
  if (!include_background) {
    dice = dice.slice(-1, 1);
  }
  return 1.0 - dice.mean();
}

torch::Tensor ce_from_log_probs(const torch::Tensor& log_probs, const torch::Tensor& target,
                                const std::optional<torch::Tensor>& class_weights) {
  namespace F = torch::nn::functional;
  auto options = F::NLLLossFuncOptions();
  if (class_weights) {
    if (class_weights->dim() != 1 || class_weights->size(0) != log_probs.size(1)) {
      throw InputError("loss.ce_class_weights: expected " + std::to_string(log_probs.size(1)) + " weights, got " +
                       shape_text(*class_weights));
    }
    options.weight(class_weights->to(log_probs.options()));
  }
  return F::nll_loss(log_probs, target, options);
}

torch::Tensor focal_from_log_probs(const torch::Tensor& log_probs, const torch::Tensor& target, double gamma,
                                   double alpha) {
  if (!(gamma >= 0)) {
    throw InputError("loss.focal_gamma: must be >= 0, got " + std::to_string(gamma));
  }
  if (!(alpha >= 0 && alpha <= 1)) {
    throw InputError("loss.focal_alpha: must be in [0, 1], got " + std::to_string(alpha));
  }
  const torch::Tensor log_pt = log_probs.gather(1, target.unsqueeze(1)).squeeze(1);
  const torch::Tensor pt = log_pt.exp();
  const torch::Tensor alpha_t =
      torch::where(target == 0, torch::full({}, 1.0 - alpha, log_pt.options()), torch::full({}, alpha, log_pt.options()));
  return -(alpha_t * torch::pow(1.0 - pt, gamma) * log_pt).mean();
}

void require_weight(double w, const char* name) {
  if (!(w >= 0)) {
    throw InputError(std::string("loss.") + name + ": weight must be >= 0, got " + std::to_string(w));
  }
}

}  // namespace

torch::Tensor soft_dice_loss(const torch::Tensor& logits, const torch::Tensor& target, bool include_background,
                             double smooth, bool batch) {
  return dice_from_log_probs(checked_log_probs(logits, target, "soft_dice_loss"), target, include_background, smooth,
                             batch);
}

torch::Tensor cross_entropy_loss(const torch::Tensor& logits, const torch::Tensor& target,
                                 const std::optional<torch::Tensor>& class_weights) {
  return ce_from_log_probs(checked_log_probs(logits, target, "cross_entropy_loss"), target, class_weights);
}

torch::Tensor focal_loss(const torch::Tensor& logits, const torch::Tensor& target, double gamma, double alpha) {
  return focal_from_log_probs(checked_log_probs(logits, target, "focal_loss"), target, gamma, alpha);
}

LossTerms composite_loss(const torch::Tensor& logits, const torch::Tensor& target, const LossWeights& weights,
                         const CompositeLossOptions& options, const torch::Tensor& distance_maps) {
  require_weight(weights.dice, "dice");
  require_weight(weights.ce, "ce");
  require_weight(weights.focal, "focal");
  require_weight(weights.boundary, "boundary");
  if (weights.dice + weights.ce + weights.focal + weights.boundary <= 0) {
    throw InputError("loss: the dice, ce, focal and boundary weights are all zero");
  }
  if (weights.boundary > 0 && !distance_maps.defined()) {
    throw InputError("loss.boundary: a weight > 0 needs the signed distance maps of the target, none were given");
  }
  const torch::Tensor log_probs = checked_log_probs(logits, target, "composite_loss");
  // A term with weight zero is still evaluated for reporting, but outside the autograd graph.
  const auto term = [](double weight, const auto& compute) {
    if (weight > 0) {
      return compute();
    }
    torch::NoGradGuard no_grad;
    return compute();
  };
  const torch::Tensor dice = term(weights.dice, [&] {
    return dice_from_log_probs(log_probs, target, options.dice_include_background, options.dice_smooth,
                               options.dice_batch);
  });
  const torch::Tensor ce = term(weights.ce, [&] { return ce_from_log_probs(log_probs, target, options.ce_class_weights); });
  const torch::Tensor focal = term(weights.focal, [&] {
    return focal_from_log_probs(log_probs, target, options.focal_gamma, options.focal_alpha);
  });
  LossTerms terms;
  terms.total = torch::zeros({}, log_probs.options());
  std::vector<std::pair<double, torch::Tensor>> weighted{{weights.dice, dice}, {weights.ce, ce}, {weights.focal, focal}};
  if (distance_maps.defined()) {
    const torch::Tensor boundary = term(weights.boundary, [&] {
      return boundary_loss_from_probabilities(log_probs.exp(), distance_maps);
    });
    weighted.emplace_back(weights.boundary, boundary);
    terms.boundary = boundary.item<double>();
  }
  for (const auto& [weight, value] : weighted) {
    if (weight > 0) {
      terms.total = terms.total + weight * value;
    }
  }
  terms.dice = dice.item<double>();
  terms.ce = ce.item<double>();
  terms.focal = focal.item<double>();
  return terms;
}

}  // namespace hypera::core
