#pragma once
// A population member small enough for unit tests: a 4 -> 3 linear model whose parameters all hold `fill`, SGD
// with momentum, every tunable declared, a learning-rate schedule of the given kind; state() is the view a
// population exchanges (core/train/state_exchange.h).
#include <torch/torch.h>

#include <memory>
#include <string>

#include "core/train/state_exchange.h"
#include "core/train/tunables.h"

namespace hypera::test {

struct TinyMember {
  explicit TinyMember(float fill, const std::string& schedule_kind = "poly")
      : optimizer(model->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9)) {
    torch::NoGradGuard no_grad;
    for (auto& p : model->parameters()) p.fill_(fill);
    core::declare_tunables({}, registry);
    core::ScheduleOptions options;
    options.kind = schedule_kind;
    schedule = core::make_schedule(options);
  }
  // One SGD step on a fixed batch; returns the loss.
  double step() {
    optimizer.zero_grad();
    const auto loss = model->forward(torch::ones({2, 4})).pow(2).mean();
    loss.backward();
    optimizer.step();
    return loss.item<double>();
  }
  core::MemberState state() { return {*model, optimizer, registry, *schedule}; }

  torch::nn::Linear model{4, 3};
  torch::optim::SGD optimizer;
  core::HyperparameterRegistry registry;
  std::unique_ptr<core::LearningRateSchedule> schedule;
};

}  // namespace hypera::test
