// The hyperparameter agents, their factory, the shared signals, the interval rewards and exploration phases.
#include <gtest/gtest.h>

#include <fstream>

#include "agents/hyperparameter/agent_factory.h"
#include "agents/hyperparameter/agent_folder.h"
#include "agents/hyperparameter/augmentation_agent.h"
#include "agents/hyperparameter/batch_size_agent.h"
#include "agents/hyperparameter/exploration_phase.h"
#include "agents/hyperparameter/interval_reward.h"
#include "core/train/optimizer_factory.h"
#include "core/train/tunables.h"
#include "support/input_error.h"
#include "common/expect_input_error.h"
#include "common/scratch_folder.h"

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

std::vector<std::unique_ptr<HyperparameterAgent>> all_agents(const core::RunConfig& config,
                                                              const AgentOptions& options) {
  return make_agents({config, options, 8.0 * (1ULL << 30)});
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
  AgentOptions options;
  EXPECT_TRUE(all_agents(config, options).empty());
  options.enabled = "all";
  auto agents = all_agents(config, options);
  ASSERT_EQ(agents.size(), known_agent_names().size());
  for (size_t i = 0; i < agents.size(); ++i) EXPECT_EQ(agents[i]->name(), known_agent_names()[i]);
  options.disabled = "batch_size, optimization";
  agents = all_agents(config, options);
  ASSERT_EQ(agents.size(), 4u);
  for (const auto& agent : agents) EXPECT_NE(agent->name(), "batch_size");
  options.enabled = "learning_rate";
  options.disabled = "";
  ASSERT_EQ(all_agents(config, options).size(), 1u);
  options.enabled = "learning_rate,warp_drive";
  test::expect_input_error([&] { all_agents(config, options); }, "option 'agents.enabled': unknown agent 'warp_drive'");
  options.enabled = "all";
  options.hidden = "64,x";
  test::expect_input_error([&] { make_coordinator({config, options, 1e9}, nullptr); }, "option 'agents.hidden'");
}

// Every action of every agent proposes only declared registry entries, and the extremes move them.
TEST(HyperparameterAgents, ExtremeActionsProposeDeclaredEntriesAndChangeThem) {
  core::RunConfig config = default_config();
  AgentOptions options;
  options.enabled = "all";
  const auto registry = default_registry();
  for (const auto& agent : all_agents(config, options)) {
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

// The manifest of an agent folder: its run count (what meta-train resumes from) and what is refused.
TEST(AgentFolder, TheManifestCountsRunsAndRefusesWhatIsNotOne) {
  test::ScratchFolder dir;
  const auto file = dir / "manifest.txt";
  std::ofstream(file) << "format hypera-hyperparameter-agents-1\nagents augmentation learning_rate\nruns 7\n";
  const AgentFolderManifest manifest = read_agent_manifest(dir.path());
  EXPECT_EQ(manifest.runs, 7);
  EXPECT_EQ(manifest.agents, (std::vector<std::string>{"augmentation", "learning_rate"}));
  std::ofstream(file) << "format hypera-hyperparameter-agents-1\nagents learning_rate\n";
  EXPECT_EQ(read_agent_manifest(dir.path()).runs, 0) << "a warm-start folder saved by no state run";
  for (const std::string text : {"format hypera-segmentation-agents-1\nagents a\nruns 2\n",
                                 "format hypera-hyperparameter-agents-1\nruns -1\n",
                                 "format hypera-hyperparameter-agents-1\nruns 2x\n",
                                 "format hypera-hyperparameter-agents-1\nruns 2 3\n",
                                 "format hypera-hyperparameter-agents-1\nruns\n", ""}) {
    std::ofstream(file) << text;
    SCOPED_TRACE(text);
    test::expect_input_error([&] { read_agent_manifest(dir.path()); }, file);
  }
  test::expect_input_error([&] { read_agent_manifest(dir / "missing"); }, dir / "missing" / "manifest.txt");
}

TEST(HyperparameterAgents, ProposalsReachTheOptimizerThroughTheRegistry) {
  core::RunConfig config = default_config();
  AgentOptions options;
  options.enabled = "regularization,optimization";
  for (const std::string optimizer_name : {"sgd", "adam"}) {
    config.train.optimizer = optimizer_name;
    auto registry = default_registry();
    for (const auto& agent : all_agents(config, options)) {
      for (const auto& p : agent->propose(agent->action_space().high, registry, 0.5)) {
        registry.set(p.name, p.value, agent->name());
      }
    }
    torch::nn::Linear layer(2, 2);
    const core::OptimizerChoice choice{optimizer_name, true};
    auto optimizer = core::make_optimizer(choice, layer->parameters(), default_registry());
    core::apply_registry(choice, *optimizer, registry);
    const auto& options = optimizer->param_groups()[0].options();
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

// Actions are corrections of the configured values, not steps from the current ones: the same action
// proposes the same values however often it is taken (no ratchet, no random walk), the neutral action
// proposes exactly the configured values, and no agent but the learning-rate agent touches the learning rate.
TEST(HyperparameterAgents, ActionsAreBoundedCorrectionsOfTheConfiguredValues) {
  core::RunConfig config = default_config();
  AgentOptions options;
  options.enabled = "all";
  for (const std::string optimizer_name : {"sgd", "adam"}) {
    config.train.optimizer = optimizer_name;
    auto registry = default_registry();
    for (const auto& agent : all_agents(config, options)) {
      for (const auto& p : agent->propose(agent->neutral_action(), registry, 0.5)) {
        EXPECT_EQ(p.value, registry.spec(p.name).initial) << agent->name() << " " << p.name;
      }
      for (const auto& action : extreme_actions(agent->action_space())) {
        const auto first = agent->propose(action, registry, 0.5);
        for (const auto& p : first) {
          EXPECT_NE(p.name, "lr") << agent->name() << " proposes the learning rate itself";
          registry.set(p.name, p.value, agent->name());
        }
        const auto again = agent->propose(action, registry, 0.5);
        for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(again[i].value, first[i].value) << agent->name();
        for (const auto& p : first) registry.set(p.name, registry.spec(p.name).initial, "test");
      }
    }
  }
  AgentOptions learning_rate_only;
  learning_rate_only.enabled = "learning_rate";
  const auto learning_rate = std::move(make_agents({default_config(), learning_rate_only, 1e9}).front());
  const auto registry = default_registry();
  EXPECT_DOUBLE_EQ(learning_rate->propose({1.f}, registry, 0)[0].value, 2.0);
  EXPECT_DOUBLE_EQ(learning_rate->propose({-1.f}, registry, 0)[0].value, 0.5);
}

TEST(HyperparameterAgents, BatchSizeStaysWithinTheMemoryCapAndLeavesTheLearningRate) {
  // 256x256 patches, 16 channels: 100.7 MB per sample; half of 1 GiB holds 5.
  EXPECT_EQ(memory_safe_batch_size(256 * 256, 16, double(1ULL << 30)), 5);
  EXPECT_EQ(memory_safe_batch_size(256 * 256, 16, 1e6), 1);
  core::HyperparameterRegistry registry;
  core::declare_tunables({{"batch_size", 4}}, registry);
  const BatchSizeAgent agent(6);
  const auto doubled = agent.propose({2.f}, registry, 0);
  ASSERT_EQ(doubled.size(), 1u) << "the batch size agent proposes the batch size only (no linear lr scaling)";
  EXPECT_EQ(doubled[0].value, 6);  // not 8
  registry.set("batch_size", 6, "test");
  EXPECT_EQ(agent.propose({2.f}, registry, 0)[0].value, 6) << "doubling again does not ratchet";
  EXPECT_EQ(agent.propose({0.f}, registry, 0)[0].value, 2);
  EXPECT_EQ(agent.propose({1.f}, registry, 0)[0].value, 4);
  EXPECT_EQ(agent.neutral_action(), std::vector<float>{1.f});
}

TEST(TrainingSignals, FeaturesHaveTheDocumentedLengthAndRanges) {
  TrainingSignals signals;
  EXPECT_EQ(signals.features(0).size(), size_t(TrainingSignals::kFeatureCount));
  core::TrainingState state;
  state.select_metric = "dice";
  for (int i = 0; i < 50; ++i) {
    state.train_loss = 0.3 + 2.0 * std::exp(-0.05 * i);
    state.gradient_norm = 1e9;  // huge values are clipped, not passed through
    state.loss_terms = {{"dice", 0.3}, {"ce", 2.0 * std::exp(-0.05 * i)}};
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
}

// The loss signals (and so the speed reward) follow the unweighted Dice + CE: the loss-weight agent scaling
// the composite loss, or a boundary term making it negative, changes neither.
TEST(TrainingSignals, LossSignalsFollowTheUnweightedTermsNotTheCompositeLoss) {
  TrainingSignals plain, reweighted;
  core::TrainingState state;
  for (int i = 0; i < 30; ++i) {
    state.loss_terms = {{"dice", 0.4 * std::exp(-0.03 * i)}, {"ce", 0.8 * std::exp(-0.05 * i)}, {"boundary", -0.5}};
    state.train_loss = state.loss_terms["dice"] + state.loss_terms["ce"];
    plain.observe_batch(state);
    state.train_loss = 3 * state.loss_terms["dice"] + 0.5 * state.loss_terms["ce"] + 2 * state.loss_terms["boundary"];
    reweighted.observe_batch(state);
  }
  EXPECT_EQ(plain.loss(), reweighted.loss());
  EXPECT_EQ(plain.features(0.5), reweighted.features(0.5));
  // A running mean of the falling Dice + CE: above its last value, well below its first (1.2).
  EXPECT_GT(plain.loss(), 0.4 * std::exp(-0.03 * 29) + 0.8 * std::exp(-0.05 * 29));
  EXPECT_LT(plain.loss(), 0.5);
  const SignalSnapshot early = snapshot_of(plain);
  state.loss_terms = {{"dice", 0.01}, {"ce", 0.01}};
  state.train_loss = -1;  // the composite is negative: the terms still carry the signal
  for (int i = 0; i < 10; ++i) plain.observe_batch(state);
  EXPECT_GT(interval_reward(early, snapshot_of(plain)).speed, 1.0) << "the unweighted loss fell";
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
