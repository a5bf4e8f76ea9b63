#pragma once
// The safety net of agent-driven training (issue 5): a listener may write a hyperparameter that makes the
// loss explode or turn non-finite. The guard keeps the model, optimizer and registry of the last epoch start
// in memory; the trainer asks it after every step whether the step went wrong and then restores that state,
// so a run never dies of an agent's action. Memory: one copy of the parameters, buffers and optimizer state.
// Not thread-safe; the training thread owns it. Data parallel: the verdict is per rank; the trainer makes it
// collective (any rank exploding rolls every rank back).
#include <torch/torch.h>

#include <sstream>
#include <vector>

#include "core/train/hyperparameter_registry.h"
#include "core/train/training_step.h"

namespace hypera::core {

class RollbackGuard {
 public:
  // factor > 0: a step whose unweighted Dice + cross-entropy terms exceed factor times their running mean
  // counts as an explosion (after kSettlingSteps normal steps). Those two terms are non-negative and do not
  // depend on the loss weights, so an agent that re-weights the loss (or a boundary term that turns the
  // composite loss negative) is not mistaken for a diverging model. factor == 0: only non-finite steps
  // count. std::invalid_argument if < 0.
  explicit RollbackGuard(double factor);

  // Copies the state to restore later (the last good state). Cost: one copy of parameters, buffers and
  // optimizer state.
  void remember(const torch::nn::Module& model, torch::optim::Optimizer& optimizer,
                const HyperparameterRegistry& registry);
  bool has_memory() const { return !tensors_.empty(); }

  // Whether `step` went wrong: not applied (non-finite loss or gradient) or an exploding Dice + CE. Normal
  // steps update the running mean.
  bool went_wrong(const StepResult& step);

  // Restores what remember() copied (in place, so optimizers stay bound to the parameters); registry
  // values are written with writer "rollback". std::logic_error before the first remember().
  void restore(torch::nn::Module& model, torch::optim::Optimizer& optimizer, HyperparameterRegistry& registry);

  static constexpr int kSettlingSteps = 5;

 private:
  double factor_;
  double mean_watched_ = 0;  // running mean of the Dice + CE terms
  int64_t normal_steps_ = 0;
  std::vector<torch::Tensor> tensors_;  // parameters then buffers, in the module's order
  std::string optimizer_state_;
  std::map<std::string, double> registry_values_;
};

}  // namespace hypera::core
