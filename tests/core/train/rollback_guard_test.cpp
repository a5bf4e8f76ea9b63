#include "core/train/rollback_guard.h"

#include <gtest/gtest.h>

#include <limits>

#include "core/train/tunables.h"

namespace hypera::core {
namespace {

StepResult step(double loss, double dice, double ce, bool applied = true) {
  StepResult result;
  result.applied = applied;
  result.loss = loss;
  result.terms = {{"dice", dice}, {"ce", ce}, {"focal", 0.0}};
  return result;
}

TEST(RollbackGuard, FlagsNonFiniteStepsAndDivergingDiceAndCrossEntropyOnly) {
  RollbackGuard guard(10);
  EXPECT_TRUE(guard.went_wrong(step(std::numeric_limits<double>::quiet_NaN(), 0.5, 0.5, false)));
  for (int i = 0; i < RollbackGuard::kSettlingSteps; ++i) EXPECT_FALSE(guard.went_wrong(step(1.0, 0.5, 0.5)));
  // The composite loss may jump (an agent raised the weights) or turn negative (boundary term): no roll-back.
  EXPECT_FALSE(guard.went_wrong(step(50.0, 0.5, 0.6)));
  EXPECT_FALSE(guard.went_wrong(step(-0.3, 0.4, 0.5)));
  // Dice + CE far above their running mean (about 1): the model diverged.
  EXPECT_TRUE(guard.went_wrong(step(1.0, 0.9, 20.0)));
  EXPECT_THROW(RollbackGuard(-1), std::invalid_argument);
}

TEST(RollbackGuard, RestoresModelOptimizerAndRegistryInPlace) {
  torch::manual_seed(0);
  torch::nn::Linear layer(3, 2);
  torch::optim::SGD optimizer(layer->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  HyperparameterRegistry registry;
  declare_tunables({}, registry);
  const auto one_step = [&] {
    optimizer.zero_grad();
    layer->forward(torch::ones({4, 3})).pow(2).sum().backward();
    optimizer.step();
  };
  one_step();  // momentum buffers exist
  RollbackGuard guard(10);
  EXPECT_THROW(guard.restore(*layer, optimizer, registry), std::logic_error);
  guard.remember(*layer, optimizer, registry);
  const torch::Tensor weight = layer->weight.detach().clone();
  one_step();
  one_step();
  registry.set("lr", 0.5, "agent");
  guard.restore(*layer, optimizer, registry);
  EXPECT_TRUE(torch::equal(layer->weight, weight));
  EXPECT_EQ(registry.get("lr"), 0.01);
  // The optimizer's momentum came back too: two restores followed by one step give the same weights.
  one_step();
  const torch::Tensor after_restore = layer->weight.detach().clone();
  guard.restore(*layer, optimizer, registry);
  one_step();
  EXPECT_TRUE(torch::equal(layer->weight, after_restore));
}

}  // namespace
}  // namespace hypera::core
