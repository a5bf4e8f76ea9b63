#pragma once
// Builds the optimizer named in the config and keeps its parameters equal to the registry's values.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "core/train/hyperparameter_registry.h"

namespace hypera::core {

struct OptimizerChoice {
  std::string kind = "sgd";  // sgd | adam | adamw
  bool nesterov = true;      // SGD only
};

// Creates the optimizer over `parameters` with the registry's current lr, momentum, betas, weight decay.
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerChoice& choice,
                                                        std::vector<torch::Tensor> parameters,
                                                        const HyperparameterRegistry& registry);

// Copies lr, momentum (SGD), beta1/beta2 (Adam, AdamW) and weight_decay from the registry into every
// parameter group. Called at every batch_begin; O(groups).
void apply_registry(const OptimizerChoice& choice, torch::optim::Optimizer& optimizer,
                    const HyperparameterRegistry& registry);

}  // namespace hypera::core
