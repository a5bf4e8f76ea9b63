#include "core/train/optimizer_factory.h"

#include "core/train/tunables.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

void set_sgd(torch::optim::SGDOptions& o, const OptimizerChoice& choice, const HyperparameterRegistry& r) {
  o.lr(r.get(tunable::kLr)).momentum(r.get(tunable::kMomentum)).weight_decay(r.get(tunable::kWeightDecay));
  o.nesterov(choice.nesterov && r.get(tunable::kMomentum) > 0);
}

template <class Options>
void set_adam(Options& o, const HyperparameterRegistry& r) {
  o.lr(r.get(tunable::kLr)).betas({r.get(tunable::kBeta1), r.get(tunable::kBeta2)}).weight_decay(r.get(tunable::kWeightDecay));
}

}  // namespace

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerChoice& choice,
                                                        std::vector<torch::Tensor> parameters,
                                                        const HyperparameterRegistry& registry) {
  if (choice.kind == "sgd") {
    torch::optim::SGDOptions options(registry.get(tunable::kLr));
    set_sgd(options, choice, registry);
    return std::make_unique<torch::optim::SGD>(std::move(parameters), options);
  }
  if (choice.kind == "adam") {
    torch::optim::AdamOptions options(registry.get(tunable::kLr));
    set_adam(options, registry);
    return std::make_unique<torch::optim::Adam>(std::move(parameters), options);
  }
  if (choice.kind == "adamw") {
    torch::optim::AdamWOptions options(registry.get(tunable::kLr));
    set_adam(options, registry);
    return std::make_unique<torch::optim::AdamW>(std::move(parameters), options);
  }
  throw InputError("option 'train.optimizer': unknown optimizer '" + choice.kind + "'");
}

void apply_registry(const OptimizerChoice& choice, torch::optim::Optimizer& optimizer,
                    const HyperparameterRegistry& registry) {
  for (auto& group : optimizer.param_groups()) {
    if (choice.kind == "sgd") {
      set_sgd(static_cast<torch::optim::SGDOptions&>(group.options()), choice, registry);
    } else if (choice.kind == "adam") {
      set_adam(static_cast<torch::optim::AdamOptions&>(group.options()), registry);
    } else {
      set_adam(static_cast<torch::optim::AdamWOptions&>(group.options()), registry);
    }
  }
}

}  // namespace hypera::core
