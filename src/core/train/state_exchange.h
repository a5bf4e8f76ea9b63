#pragma once
// The seam through which a population (population/pbt_controller.h) replaces a member's trained state between
// epochs: population-based training copies a strong member's model, optimizer state, schedule state and
// hyperparameters into a weak one, in memory. The trainer hands it over after every validation; without an
// exchange (every run that is not a population member) nothing changes.
#include <torch/torch.h>

#include "core/train/hyperparameter_registry.h"
#include "core/train/lr_schedule.h"
#include "core/train/training_hooks.h"

namespace hypera::core {

// What an exchange may read and replace: the member's own objects, valid during the call only.
struct MemberState {
  torch::nn::Module& model;
  torch::optim::Optimizer& optimizer;
  HyperparameterRegistry& registry;
  LearningRateSchedule& schedule;
};

class StateExchange {
 public:
  virtual ~StateExchange() = default;
  // Called on every rank at every validation, after the listeners' ValidationEnd and the "best" checkpoint,
  // before the "last" checkpoint (which then holds what the exchange left); `selection_value` is the
  // validation's train.select_metric. It may communicate (collective over the ranks it spans) and change every
  // part of `member`; the ranks of one member must leave it identical.
  virtual void after_validation(const TrainingState& state, double selection_value, MemberState& member) = 0;
};

}  // namespace hypera::core
