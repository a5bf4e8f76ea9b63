#include "core/train/rollback_guard.h"

#include <cmath>
#include <stdexcept>

#include "core/seg/unet.h"
#include "core/train/device_choice.h"

namespace hypera::core {

RollbackGuard::RollbackGuard(double factor) : factor_(factor) {
  if (!(factor >= 0)) throw std::invalid_argument("RollbackGuard: factor must be >= 0");
}

void RollbackGuard::remember(const torch::nn::Module& model, torch::optim::Optimizer& optimizer,
                             const HyperparameterRegistry& registry) {
  torch::NoGradGuard no_grad;
  const auto tensors = state_tensors(model);
  if (tensors_.size() != tensors.size()) {
    tensors_.clear();
    for (const auto& tensor : tensors) tensors_.push_back(tensor.detach().clone());
  } else {
    for (size_t i = 0; i < tensors.size(); ++i) tensors_[i].copy_(tensors[i]);
  }
  torch::serialize::OutputArchive archive;
  optimizer.save(archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  optimizer_state_ = bytes.str();
  registry_values_ = registry.snapshot();
}

bool RollbackGuard::went_wrong(const StepResult& step) {
  if (!step.applied || !std::isfinite(step.loss)) return true;
  const auto term = [&](const char* name) {
    const auto it = step.terms.find(name);
    return it == step.terms.end() ? 0.0 : it->second;
  };
  const double watched = term("dice") + term("ce");
  if (!std::isfinite(watched)) return true;
  if (factor_ > 0 && normal_steps_ >= kSettlingSteps && watched > factor_ * mean_watched_) return true;
  ++normal_steps_;
  const double weight = normal_steps_ < 10 ? 1.0 / normal_steps_ : 0.1;
  mean_watched_ += weight * (watched - mean_watched_);
  return false;
}

void RollbackGuard::restore(torch::nn::Module& model, torch::optim::Optimizer& optimizer,
                            HyperparameterRegistry& registry) {
  if (!has_memory()) throw std::logic_error("RollbackGuard::restore before remember");
  {
    torch::NoGradGuard no_grad;
    const auto tensors = state_tensors(model);
    for (size_t i = 0; i < tensors.size(); ++i) tensors[i].copy_(tensors_[i]);
  }
  torch::serialize::InputArchive archive;
  std::istringstream bytes(optimizer_state_);
  archive.load_from(bytes, device_of(model));  // the optimizer's state lives where the parameters do
  optimizer.load(archive);
  registry.restore(registry_values_, "rollback");
}

}  // namespace hypera::core
