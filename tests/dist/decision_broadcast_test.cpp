// Rank 0 decides the global hyperparameters (docs/ARCHITECTURE.md): every rank runs its own replica of the agents, which
// explores with its own generators (warm-up actions here) so that the proposals differ, and after each
// decision point the global entries (lr_scale, batch size) are rank 0's on every rank while rank-local ones
// (augmentation) keep each rank's own value. The actions each rank stores in its replay are the ones
// applied: rank 0's for agents of global entries. And the ranks agree on the batch-size agent's memory cap.
#include <gtest/gtest.h>

#include "agents/hyperparameter/agent_factory.h"
#include "agents/hyperparameter/augmentation_agent.h"
#include "agents/hyperparameter/batch_size_agent.h"
#include "agents/hyperparameter/hyperparameter_coordinator.h"
#include "agents/hyperparameter/learning_rate_agent.h"
#include "core/train/tunables.h"
#include "comm/host_values.h"
#include "dist/mpi_collective.h"

namespace hypera::dist {
namespace {

TEST(DecisionBroadcast, GlobalHyperparametersAreRankZerosAndRankLocalOnesStayOwn) {
  torch::set_num_threads(1);
  MpiCollective mpi(MPI_COMM_WORLD);
  std::vector<std::unique_ptr<agents::HyperparameterAgent>> list;
  list.push_back(std::make_unique<agents::LearningRateAgent>(1));
  list.push_back(std::make_unique<agents::BatchSizeAgent>(64));
  list.push_back(std::make_unique<agents::AugmentationAgent>());
  agents::HyperparameterCoordinatorConfig config;
  config.seed = 100;
  agents::HyperparameterCoordinator coordinator(config, std::move(list), &mpi);
  core::HyperparameterRegistry registry;
  core::declare_tunables({}, registry);
  core::TrainingState state;
  state.epochs = 4;
  state.batches_per_epoch = 3;
  for (int epoch = 0; epoch < 4; ++epoch) {
    state.epoch = epoch;
    coordinator.on_hook(core::Hook::EpochBegin, state, registry);
    for (int batch = 0; batch < 3; ++batch) {
      state.batch_in_epoch = batch;
      coordinator.on_hook(core::Hook::BatchBegin, state, registry);
    }
  }
  const int ranks = mpi.size();
  for (const std::string name : {"lr_scale", "batch_size", "aug.flip_p", "aug.intensity"}) {
    const double value = registry.get(name);
    const bool equal_everywhere = comm::same_on_every_rank(mpi, {value});
    if (registry.spec(name).scope == core::HyperparameterScope::Global) {
      EXPECT_TRUE(equal_everywhere) << name << " differs between ranks";
    } else if (ranks > 1) {
      EXPECT_FALSE(equal_everywhere) << name << ": rank-local values should reflect each rank's own agent";
    }
  }
  // Every rank's shard holds its own transitions (one per rank and gather), in sequence order: the stored
  // actions of the learning-rate and batch-size agents must be equal across ranks, the augmentation agent's
  // must not.
  for (size_t agent = 0; agent < coordinator.agent_count(); ++agent) {
    const auto actions = coordinator.sac_agent(agent).experience().batch.actions.flatten().to(torch::kFloat64);
    ASSERT_GT(actions.numel(), 0);
    std::vector<double> values(actions.data_ptr<double>(), actions.data_ptr<double>() + actions.numel());
    const bool equal_everywhere = comm::same_on_every_rank(mpi, values);
    const std::string name = coordinator.agent(agent).name();
    if (name != "augmentation") {
      EXPECT_TRUE(equal_everywhere) << name << ": a rank stored an action that was not applied";
    } else if (ranks > 1) {
      EXPECT_FALSE(equal_everywhere) << name << ": rank-local actions should be each rank's own";
    }
  }
}

// Population mode: the agents stay replicas over the world (their replay and gradients are shared), but each
// member (pairs of ranks under 4 ranks, single ranks under 2) applies its own first rank's global decisions.
TEST(DecisionBroadcast, EachPopulationMemberDecidesItsOwnGlobalHyperparameters) {
  torch::set_num_threads(1);
  MpiCollective mpi(MPI_COMM_WORLD);
  const int per_member = mpi.size() >= 4 ? 2 : 1;
  const auto member = mpi.split(mpi.rank() / per_member, mpi.rank());
  std::vector<std::unique_ptr<agents::HyperparameterAgent>> list;
  list.push_back(std::make_unique<agents::LearningRateAgent>(1));
  agents::HyperparameterCoordinatorConfig config;
  config.seed = 100;
  config.sac_batch = 2;
  config.warmup = 2;
  agents::HyperparameterCoordinator coordinator(config, std::move(list), &mpi, member.get());
  // The same agent alone on this rank: how many transitions one rank's decisions make.
  std::vector<std::unique_ptr<agents::HyperparameterAgent>> alone_list;
  alone_list.push_back(std::make_unique<agents::LearningRateAgent>(1));
  agents::HyperparameterCoordinator alone(config, std::move(alone_list), nullptr);
  core::HyperparameterRegistry registry, alone_registry;
  core::declare_tunables({}, registry);
  core::declare_tunables({}, alone_registry);
  core::TrainingState state;
  state.epochs = 2;
  state.batches_per_epoch = 4;
  std::vector<double> lr_scales;
  for (int epoch = 0; epoch < 2; ++epoch) {
    state.epoch = epoch;
    for (int batch = 0; batch < 4; ++batch) {
      state.batch_in_epoch = batch;
      coordinator.on_hook(core::Hook::BatchBegin, state, registry);
      alone.on_hook(core::Hook::BatchBegin, state, alone_registry);
      lr_scales.push_back(registry.get("lr_scale"));
    }
  }
  // One replay over the world: every member's transitions reach it (world size times one rank's).
  ASSERT_GT(alone.sac_agent(0).experience_offered(), 0);
  EXPECT_EQ(coordinator.sac_agent(0).experience_offered(), mpi.size() * alone.sac_agent(0).experience_offered());
  EXPECT_TRUE(comm::same_on_every_rank(*member, lr_scales)) << "the ranks of one member applied different lr";
  if (mpi.size() / per_member > 1) {
    EXPECT_FALSE(comm::same_on_every_rank(mpi, lr_scales)) << "the members should decide on their own";
  }
  EXPECT_GT(coordinator.sac_agent(0).updates_done(), 0);
  EXPECT_EQ(coordinator.divergence(), 0.0) << "the agents are no longer replicas over the world";
}

// Each rank reports another amount of free memory; the batch-size agent built on every rank must propose the
// same batch (the smallest cap), or the ranks would train with different global batch sizes.
TEST(DecisionBroadcast, TheRanksAgreeOnTheBatchSizeAgentsMemoryCap) {
  MpiCollective mpi(MPI_COMM_WORLD);
  core::RunConfig config;
  agents::AgentOptions options;
  options.enabled = "batch_size";
  config.train.patch = "128,128";
  config.model.base_channels = 16;
  config.tunables["batch_size"] = 8;
  // Room for about 10 samples on rank 0, 20 on rank 1, ...: doubling 8 is capped at rank 0's 10.
  const double per_sample = 128.0 * 128 * 16 * 24 * 4;
  auto coordinator = agents::make_coordinator({config, options, 2 * per_sample * 10 * (mpi.rank() + 1)}, &mpi);
  core::HyperparameterRegistry registry;
  core::declare_tunables(config.tunables, registry);
  const auto proposals = coordinator->agent(0).propose({2.f}, registry, 0.0);
  ASSERT_EQ(proposals.size(), 1u);
  EXPECT_EQ(proposals[0].value, 10.0);
}

}  // namespace
}  // namespace hypera::dist
