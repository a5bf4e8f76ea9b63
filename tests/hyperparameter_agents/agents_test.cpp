// The hyperparameter agents, their factory, the shared signals, the interval rewards and exploration phases.
#include <gtest/gtest.h>

#include "agents/hyperparameter/agent_factory.h"
#include "agents/hyperparameter/augmentation_agent.h"
#include "agents/hyperparameter/batch_size_agent.h"
#include "agents/hyperparameter/exploration_phase.h"
#include "agents/hyperparameter/interval_reward.h"
#include "core/train/optimizer_factory.h"
#include "core/train/tunables.h"
#include "data/io/input_error.h"
#include "support/expect_input_error.h"

namespace hypera::agents {
namespace {

core::RunConfig default_config() {
  core::RunConfig config;
  core::OptionTable table("test");
  core::bind_run_config(config, table);
  return config;
}

core::HyperparameterRegistry default_registry() {
  core::HyperparameterRegistry registry;
  core::declare_tunables({}, registry);
  return registry;
}

std::vector<std::unique_ptr<HyperparameterAgent>> all_agents(const core::RunConfig& config) {
  return make_agents({config, 8.0 * (1ULL << 30)});
}

// The extreme actions of a space: every bound corner's two ends per dimension, or every discrete choice.
std::vector<std::vector<float>> extreme_actions(const ActionSpace& space) {
  if (space.choices > 0) {
    std::vector<std::vector<float>> actions;
    for (int64_t c = 0; c < space.choices; ++c) actions.push_back({float(c)});
    return actions;
  }
  return {space.low, space.high};
}

TEST(AgentFactory, BuildsTheNamedAgentsInRegistrationOrder) {
  core::RunConfig config = default_config();
  EXPECT_TRUE(all_agents(config).empty());
  config.agents.enabled = "all";
  auto agents = all_agents(config);
  ASSERT_EQ(agents.size(), known_agent_names().size());
  for (size_t i = 0; i < agents.size(); ++i) EXPECT_EQ(agents[i]->name(), known_agent_names()[i]);
  config.agents.disabled = "batch_size, optimization";
  agents = all_agents(config);
  ASSERT_EQ(agents.size(), 4u);
  for (const auto& agent : agents) EXPECT_NE(agent->name(), "batch_size");
  config.agents.enabled = "learning_rate";
  config.agents.disabled = "";
  ASSERT_EQ(all_agents(config).size(), 1u);
  config.agents.enabled = "learning_rate,warp_drive";
  test::expect_input_error([&] { all_agents(config); }, "option 'agents.enabled': unknown agent 'warp_drive'");
  config.agents.enabled = "all";
  config.agents.hidden = "64,x";
  test::expect_input_error([&] { make_coordinator({config, 1e9}, nullptr); }, "option 'agents.hidden'");
}

// Every action of every agent proposes only declared registry entries, and the extremes move them.
TEST(HyperparameterAgents, ExtremeActionsProposeDeclaredEntriesAndChangeThem) {
  core::RunConfig config = default_config();
  config.agents.enabled = "all";
  const auto registry = default_registry();
  for (const auto& agent : all_agents(config)) {
    const ActionSpace space = agent->action_space();
    for (const auto& name : agent->observed_hyperparameters()) EXPECT_TRUE(registry.contains(name)) << name;
    std::set<double> first_values;
    for (const auto& action : extreme_actions(space)) {
      const auto proposals = agent->propose(action, registry, 0.5);
      ASSERT_FALSE(proposals.empty()) << agent->name();
      for (const auto& p : proposals) EXPECT_TRUE(registry.contains(p.name)) << agent->name() << " " << p.name;
      first_values.insert(proposals.front().value);
    }
    EXPECT_GT(first_values.size(), 1u) << agent->name() << ": its extreme actions propose the same value";
  }
}

TEST(HyperparameterAgents, ProposalsReachTheOptimizerThroughTheRegistry) {
  core::RunConfig config = default_config();
  config.agents.enabled = "learning_rate,regularization,optimization";
  for (const std::string optimizer_name : {"sgd", "adam"}) {
    config.train.optimizer = optimizer_name;
    auto registry = default_registry();
    for (const auto& agent : all_agents(config)) {
      for (const auto& p : agent->propose(agent->action_space().high, registry, 0.5)) {
        registry.set(p.name, p.value, agent->name());
      }
    }
    torch::nn::Linear layer(2, 2);
    const core::OptimizerChoice choice{optimizer_name, true};
    auto optimizer = core::make_optimizer(choice, layer->parameters(), default_registry());
    core::apply_registry(choice, *optimizer, registry);
    const auto& options = optimizer->param_groups()[0].options();
    EXPECT_DOUBLE_EQ(options.get_lr(), registry.get("lr")) << optimizer_name;
    if (optimizer_name == "sgd") {
      const auto& sgd = static_cast<const torch::optim::SGDOptions&>(options);
      EXPECT_DOUBLE_EQ(sgd.momentum(), registry.get("momentum"));
      EXPECT_DOUBLE_EQ(sgd.weight_decay(), registry.get("weight_decay"));
      EXPECT_NE(registry.get("momentum"), 0.99);
    } else {
      const auto& adam = static_cast<const torch::optim::AdamOptions&>(options);
      EXPECT_DOUBLE_EQ(std::get<0>(adam.betas()), registry.get("beta1"));
      EXPECT_DOUBLE_EQ(std::get<1>(adam.betas()), registry.get("beta2"));
      EXPECT_NE(registry.get("beta1"), 0.9);
    }
    EXPECT_NE(registry.get("weight_decay"), 3e-5);
  }
}

TEST(HyperparameterAgents, OptimizationAgentKeepsTheEffectiveStep) {
  core::RunConfig config = default_config();
  config.agents.enabled = "optimization";
  const auto registry = default_registry();
  const auto agent = std::move(all_agents(config).front());
  const auto proposals = agent->propose({1.f}, registry, 0.5);
  ASSERT_EQ(proposals.size(), 2u);
  const double momentum = proposals[0].value, lr = proposals[1].value;
  EXPECT_NEAR(lr / (1 - momentum), registry.get("lr") / (1 - registry.get("momentum")), 1e-9);
}

TEST(HyperparameterAgents, BatchSizeStaysWithinTheMemoryCap) {
  // 256x256 patches, 16 channels: 100.7 MB per sample; half of 1 GiB holds 5.
  EXPECT_EQ(memory_safe_batch_size(256 * 256, 16, double(1ULL << 30)), 5);
  EXPECT_EQ(memory_safe_batch_size(256 * 256, 16, 1e6), 1);
  auto registry = default_registry();
  registry.set("batch_size", 4, "test");
  const BatchSizeAgent agent(6);
  const auto doubled = agent.propose({2.f}, registry, 0);
  EXPECT_EQ(doubled[0].value, 6);  // not 8
  EXPECT_DOUBLE_EQ(doubled[1].value, registry.get("lr") * 6 / 4);  // linear scaling of lr
  EXPECT_EQ(agent.propose({0.f}, registry, 0)[0].value, 2);
  EXPECT_EQ(agent.propose({1.f}, registry, 0)[0].value, 4);
}

TEST(HyperparameterAgents, AugmentationGrowsFromMildToStrong) {
  auto registry = default_registry();
  const AugmentationAgent agent;
  for (int step = 0; step < 20; ++step) {
    for (const auto& p : agent.propose({1.f, 1.f, 1.f, 1.f}, registry, 0.0)) registry.set(p.name, p.value, "test");
  }
  EXPECT_LE(registry.get("aug.elastic_p"), 0.25 + 1e-12);  // capped at a quarter of its bound early
  EXPECT_LE(registry.get("aug.intensity"), 0.125 + 1e-12);
  for (const auto& p : agent.propose({1.f, 1.f, 1.f, 1.f}, registry, 0.9)) registry.set(p.name, p.value, "test");
  EXPECT_GT(registry.get("aug.elastic_p"), 0.25);  // late in training it may grow further
}

TEST(TrainingSignals, FeaturesHaveTheDocumentedLengthAndRanges) {
  TrainingSignals signals;
  EXPECT_EQ(signals.features(0).size(), size_t(TrainingSignals::kFeatureCount));
  core::TrainingState state;
  state.select_metric = "dice";
  for (int i = 0; i < 50; ++i) {
    state.train_loss = 2.0 * std::exp(-0.05 * i);
    state.gradient_norm = 1e9;  // huge values are clipped, not passed through
    state.loss_terms = {{"dice", 0.3}, {"ce", 0.5}};
    signals.observe_batch(state);
  }
  const auto features = signals.features(0.5);
  EXPECT_LT(features[2], 0) << "a falling loss has a negative trend";
  EXPECT_EQ(features[4], 1.0f);
  state.validation = {{"dice", 0.6}};
  signals.observe_validation(state);
  state.validation = {{"dice", 0.7}};
  signals.observe_validation(state);
  const auto after = signals.features(0.6);
  EXPECT_FLOAT_EQ(after[6], 0.7f);
  EXPECT_FLOAT_EQ(after[7], 1.0f);  // +0.1 x 10
  EXPECT_NEAR(after[10], (1 - 0.3) - 0.7, 1e-6);
  for (float value : after) EXPECT_TRUE(std::isfinite(value));
  // A composite loss <= 0 (a strong boundary term) leaves the loss features alone but not the terms.
  state.train_loss = -0.2;
  state.loss_terms = {{"dice", 0.9}, {"ce", 0.5}};
  for (int i = 0; i < 20; ++i) signals.observe_batch(state);
  const auto negative = signals.features(0.7);
  EXPECT_EQ(negative[1], after[1]);
  EXPECT_GT(negative[11], after[11]);
  for (float value : negative) EXPECT_TRUE(std::isfinite(value));
}

TEST(IntervalReward, ComponentsFollowWhatHappenedInTheInterval) {
  SignalSnapshot before{1.0, 0.1, 0.5, 0.1, 1, 0};
  SignalSnapshot after{0.5, 0.1, 0.6, 0.1, 2, 0};
  IntervalReward reward = interval_reward(before, after);
  EXPECT_NEAR(reward.improvement, 1.0, 1e-12);
  EXPECT_NEAR(reward.speed, std::log(2.0), 1e-12);
  EXPECT_EQ(reward.stability, 0);
  after.validations = 1;  // no validation in the interval: no improvement term
  after.rollbacks = 1;
  reward = interval_reward(before, after);
  EXPECT_EQ(reward.improvement, 0);
  EXPECT_EQ(reward.stability, -1);
}

TEST(ExplorationPhase, BroadThenNarrowingThenDeterministic) {
  EXPECT_EQ(exploration_scale(0.1), 1.0);
  EXPECT_NEAR(exploration_scale(0.55), 0.5, 1e-12);
  EXPECT_EQ(exploration_scale(0.9), 0.0);
  std::mt19937_64 random(1);
  EXPECT_EQ(explored_action({1.f}, {0.f}, 0.5, false, random), std::vector<float>{0.5f});
  EXPECT_EQ(explored_action({2.f}, {1.f}, 0.0, true, random), std::vector<float>{1.f});
  EXPECT_EQ(explored_action({2.f}, {1.f}, 1.0, true, random), std::vector<float>{2.f});
}

}  // namespace
}  // namespace hypera::agents
