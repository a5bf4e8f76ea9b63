#include "sac/agent/sac_agent.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <stdexcept>

#include "common/scratch_folder.h"

namespace hypera::sac {
namespace {

SacConfig bandit_config() {
  SacConfig config;
  config.state_dim = 1;
  config.action_low = {-1};
  config.action_high = {1};
  config.hidden = {32, 32};
  config.actor_lr = config.critic_lr = config.alpha_lr = 3e-3;
  config.gamma = 0;
  config.batch_size = 64;
  config.buffer_capacity = 10000;
  config.warmup_steps = 64;
  config.seed = 1;
  return config;
}

// One-step continuous bandit: reward -(a - best)^2 in state `at`, every step terminal.
void train_continuous_bandit(SacAgent& agent, int steps, float best = 0.3F, float at = 0.5F) {
  const std::vector<float> state{at};
  for (int i = 0; i < steps; ++i) {
    std::vector<float> action = agent.act(state);
    const float reward = -std::pow(action[0] - best, 2.0F);
    agent.observe({state, action, reward, state, true, false});
  }
}

TEST(SacAgent, LearnsContinuousBandit) {
  torch::set_num_threads(1);
  for (bool value_network : {false, true}) {
    SacConfig config = bandit_config();
    config.use_value_network = value_network;
    SacAgent agent(config);
    train_continuous_bandit(agent, 500);
    EXPECT_EQ(agent.steps_observed(), 500);
    EXPECT_EQ(agent.updates_done(), 500 - 63);  // from the 64th step on: warm-up over and a full batch
    const float action = agent.act({0.5F}, false)[0];
    EXPECT_NEAR(action, 0.3F, 0.05F) << "value network " << value_network;
    EXPECT_LT(agent.last_update().critic_loss, 0.05);
  }
}

TEST(SacAgent, LearnsContinuousBanditWithPrioritizedNStepReplay) {
  torch::set_num_threads(1);
  SacConfig config = bandit_config();
  config.replay = ReplayKind::Prioritized;
  config.n_step = 3;  // every step terminal: all transitions are one step long anyway
  config.grad_clip = 10;
  SacAgent agent(config);
  train_continuous_bandit(agent, 500);
  EXPECT_NEAR(agent.act({0.5F}, false)[0], 0.3F, 0.05F);
}

// Meta-train's parallel episodes: two agents loaded from one state learn apart, each from one context; the first
// absorbs the other and then acts well in both, with the counts of agents that had seen everything.
TEST(SacAgent, AbsorbsWhatASiblingLearnedFromAsIfItHadSeenIt) {
  torch::set_num_threads(1);
  const SacConfig config = bandit_config();
  SacAgent origin(config);
  train_continuous_bandit(origin, 100);  // 37 updates
  const std::string start = origin.save_bytes(true);
  SacAgent first(config), sibling(config);
  first.load_bytes(start, "origin");
  sibling.load_bytes(start, "origin");
  train_continuous_bandit(first, 300);
  train_continuous_bandit(sibling, 300, -0.6F, -0.5F);
  ASSERT_GT(std::abs(first.act({-0.5F}, false)[0] + 0.6F), 0.2F) << "the first must not know the other context";
  const torch::Tensor actor_before = first.learner().actor_network().values().clone();

  first.absorb(sibling, origin);
  EXPECT_EQ(first.steps_observed(), 100 + 300 + 300);
  EXPECT_EQ(first.updates_done(), 37 + 300 + 300);
  EXPECT_EQ(first.experience_offered(), 700);
  const SequencedTransitions merged = first.experience(), theirs = sibling.experience();
  ASSERT_EQ(merged.ids.size(), 700u);
  EXPECT_TRUE(torch::equal(merged.batch.actions.slice(0, 400), theirs.batch.actions.slice(0, 100)));
  EXPECT_TRUE(torch::equal(merged.batch.states.slice(0, 400), theirs.batch.states.slice(0, 100)));
  EXPECT_FALSE(torch::equal(first.learner().actor_network().values(), actor_before));
  EXPECT_NEAR(first.act({-0.5F}, false)[0], -0.6F, 0.1F);
  EXPECT_NEAR(first.act({0.5F}, false)[0], 0.3F, 0.1F);

  EXPECT_THROW(origin.absorb(origin, first), std::invalid_argument);  // "sibling" older than "origin"
  EXPECT_EQ(origin.steps_observed(), 100);
}

// Binned continuous actions (discrete SAC over 11 values from -1 to 1): the best bin, 0.4, is learned and
// every action the agent returns lies on the grid.
TEST(SacAgent, BinnedContinuousActionsLearnTheBestBin) {
  torch::set_num_threads(1);
  SacConfig config = bandit_config();
  config.action_bins = 11;
  SacAgent agent(config);
  train_continuous_bandit(agent, 400, 0.4F);
  for (bool explore : {true, false}) {
    const float action = agent.act({0.5F}, explore)[0];
    EXPECT_NEAR(action * 5, std::round(action * 5), 1e-5) << action << " is not on the grid";
  }
  EXPECT_NEAR(agent.act({0.5F}, false)[0], 0.4F, 1e-6);
}

// Contextual 3-armed bandit: the state is the one-hot context c, reward 1 for arm (c + 1) % 3, else 0.
TEST(SacAgent, DiscreteAgentLearnsContextualBandit) {
  torch::set_num_threads(1);
  SacConfig config = bandit_config();
  config.state_dim = 3;
  config.action_low.clear();
  config.action_high.clear();
  config.discrete_actions = 3;
  config.seed = 2;
  SacAgent agent(config);
  std::mt19937_64 contexts(5);
  for (int i = 0; i < 600; ++i) {
    const int c = static_cast<int>(contexts() % 3);
    std::vector<float> state(3, 0.0F);
    state[c] = 1;
    std::vector<float> action = agent.act(state);
    ASSERT_EQ(action.size(), 1U);
    ASSERT_TRUE(action[0] == 0 || action[0] == 1 || action[0] == 2);
    const float reward = static_cast<int>(action[0]) == (c + 1) % 3 ? 1.0F : 0.0F;
    agent.observe({state, action, reward, state, true, false});
  }
  for (int c = 0; c < 3; ++c) {
    std::vector<float> state(3, 0.0F);
    state[c] = 1;
    EXPECT_EQ(agent.act(state, false)[0], static_cast<float>((c + 1) % 3)) << "context " << c;
  }
  // The entropy is driven towards 0.98 log 3 of the uniform policy's log 3: the policy is not deterministic.
  EXPECT_GT(agent.last_update().entropy, 0.0);
}

// A random walk on the line with a bounded action: enough to exercise every part of the agent.
void drive(SacAgent& agent, std::mt19937_64& env_rng, std::vector<float>& position, int steps,
           std::vector<std::vector<float>>* actions) {
  for (int i = 0; i < steps; ++i) {
    std::vector<float> action = agent.act(position);
    if (actions != nullptr) actions->push_back(action);
    std::vector<float> next{position[0] + 0.1F * action[0], position[1] * 0.9F};
    const float reward = -std::abs(next[0]);
    const bool terminated = std::abs(next[0]) > 2.0F;
    const bool truncated = env_rng() % 25 == 0;
    agent.observe({position, action, reward, next, terminated, truncated});
    position = (terminated || truncated) ? std::vector<float>{0.0F, 1.0F} : next;
  }
}

SacConfig walk_config(bool discrete) {
  SacConfig config;
  config.state_dim = 2;
  if (discrete) {
    config.discrete_actions = 3;
  } else {
    config.action_low = {-1};
    config.action_high = {1};
  }
  config.hidden = {16, 16};
  config.batch_size = 16;
  config.buffer_capacity = 500;
  config.warmup_steps = 20;
  config.replay = ReplayKind::Prioritized;
  config.n_step = 3;
  config.grad_clip = 1;
  config.use_value_network = discrete;
  config.seed = 42;
  return config;
}

void expect_same_parameters(const SacAgent& a, const SacAgent& b) {
  EXPECT_TRUE(torch::equal(a.learner().actor_network().values(), b.learner().actor_network().values()));
  EXPECT_TRUE(torch::equal(a.learner().critics().online().values(), b.learner().critics().online().values()));
  EXPECT_TRUE(torch::equal(a.learner().critics().target().values(), b.learner().critics().target().values()));
  EXPECT_TRUE(torch::equal(a.learner().temperature().alpha(), b.learner().temperature().alpha()));
}

TEST(SacAgent, SaveLoadRoundTripContinuesBitwiseIdentically) {
  torch::set_num_threads(1);
  hypera::test::ScratchFolder folder;
  for (bool discrete : {false, true}) {
    const std::string path = (folder / (discrete ? "discrete.pt" : "continuous.pt")).string();
    SacAgent original(walk_config(discrete));
    std::mt19937_64 env_rng(3);
    std::vector<float> position{0.0F, 1.0F};
    drive(original, env_rng, position, 60, nullptr);  // 41 updates, mid-episode (pending n-step steps)
    original.save(path);

    SacAgent restored(walk_config(discrete));
    restored.load(path);
    EXPECT_EQ(restored.steps_observed(), original.steps_observed());
    EXPECT_EQ(restored.updates_done(), original.updates_done());
    EXPECT_EQ(restored.last_update().critic_loss, original.last_update().critic_loss);
    expect_same_parameters(original, restored);

    std::mt19937_64 env_rng_copy = env_rng;
    std::vector<float> position_copy = position;
    std::vector<std::vector<float>> original_actions, restored_actions;
    drive(original, env_rng, position, 40, &original_actions);
    drive(restored, env_rng_copy, position_copy, 40, &restored_actions);
    EXPECT_EQ(original_actions, restored_actions);
    EXPECT_EQ(original.updates_done(), 81);
    expect_same_parameters(original, restored);
    EXPECT_EQ(original.act(position, false), restored.act(position_copy, false));
  }
}

TEST(SacAgent, SameSeedSameAgentOtherSeedOtherAgent) {
  torch::set_num_threads(1);
  SacAgent first(walk_config(false)), second(walk_config(false));
  SacConfig other_config = walk_config(false);
  other_config.seed = 43;
  SacAgent other(other_config);
  for (SacAgent* agent : {&first, &second, &other}) {
    std::mt19937_64 env_rng(8);
    std::vector<float> position{0.0F, 1.0F};
    drive(*agent, env_rng, position, 50, nullptr);
  }
  expect_same_parameters(first, second);
  EXPECT_FALSE(torch::equal(first.learner().actor_network().values(), other.learner().actor_network().values()));
}

TEST(SacAgent, WarmUpActionsAreUniformWithinBounds) {
  SacConfig config = walk_config(false);
  config.action_low = {-3};
  config.action_high = {-1};
  config.warmup_steps = 1000;
  SacAgent agent(config);
  double sum = 0;
  for (int i = 0; i < 2000; ++i) {
    const float a = agent.act({0.0F, 0.0F})[0];
    ASSERT_GE(a, -3.0F);
    ASSERT_LE(a, -1.0F);
    sum += a;
  }
  EXPECT_NEAR(sum / 2000, -2.0, 0.05);  // standard error 0.013
  const float policy_action = agent.act({0.0F, 0.0F}, false)[0];
  EXPECT_GT(policy_action, -3.0F);
  EXPECT_LT(policy_action, -1.0F);
}

TEST(SacAgent, RejectsBadConfigInputsAndCheckpoints) {
  SacConfig bad = walk_config(false);
  bad.tau = 2;
  EXPECT_THROW(SacAgent{bad}, std::invalid_argument);
  SacAgent agent(walk_config(false));
  EXPECT_THROW(agent.act({1.0F}), std::invalid_argument);
  EXPECT_THROW(agent.observe({{0, 0}, {0.5F, 0.5F}, 0, {0, 0}, false, false}), std::invalid_argument);
  EXPECT_THROW(agent.observe({{0, 0}, {0.5F}, NAN, {0, 0}, false, false}), std::invalid_argument);
  EXPECT_THROW(agent.update(), std::logic_error);

  hypera::test::ScratchFolder folder;
  const std::string garbage = (folder / "garbage.pt").string();
  std::ofstream(garbage) << "not a checkpoint";
  EXPECT_THROW(agent.load(garbage), std::runtime_error);
  EXPECT_THROW(agent.load((folder / "missing.pt").string()), std::runtime_error);
  SacConfig wider = walk_config(false);
  wider.hidden = {32, 32};
  const std::string other = (folder / "other.pt").string();
  SacAgent(wider).save(other);
  const torch::Tensor before = agent.learner().actor_network().values().clone();
  EXPECT_THROW(agent.load(other), std::runtime_error);
  EXPECT_TRUE(torch::equal(agent.learner().actor_network().values(), before));
}

}  // namespace
}  // namespace hypera::sac
