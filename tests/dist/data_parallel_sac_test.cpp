// Data-parallel SAC (docs/ARCHITECTURE.md) under mpiexec: every rank's transitions are all-gathered, each is
// stored only on shard sequence_id % ranks, every rank samples its own shard, and the averaged gradients
// keep the agent replicas bitwise identical. Then the coordinator's checkpoint (agents.h5) round trip on the
// same number of ranks (another number: ShardedReplay's re-partitioning test and the CLI's MPI test).
#include <gtest/gtest.h>

#include <optional>

#include "agents/hyperparameter/agent_replicas.h"
#include "agents/hyperparameter/augmentation_agent.h"
#include "agents/hyperparameter/hyperparameter_coordinator.h"
#include "agents/hyperparameter/learning_rate_agent.h"
#include "core/train/tunables.h"
#include "support/input_error.h"
#include "comm/host_values.h"
#include "dist/mpi_collective.h"
#include "parallel/module_sync.h"
#include "sac/agent/sac_agent.h"
#include "common/scratch_folder.h"

namespace hypera::dist {
namespace {

sac::SacConfig small_config() {
  sac::SacConfig config;
  config.state_dim = 3;
  config.action_low = {-1};
  config.action_high = {1};
  config.hidden = {16};
  config.batch_size = 8;
  config.warmup_steps = 4;
  config.buffer_capacity = 64;
  config.seed = 5;  // the same on every rank: replicas start equal
  return config;
}

std::vector<torch::Tensor> learner_tensors(const sac::SacAgent& agent) {
  return {agent.learner().actor_network().values(), agent.learner().critics().online().values(),
          agent.learner().critics().target().values(), agent.learner().temperature().alpha()};
}

TEST(DataParallelSac, ExperienceIsShardedBySequenceIdAndReplicasStayIdentical) {
  torch::set_num_threads(1);
  MpiCollective mpi(MPI_COMM_WORLD);
  agents::AgentReplicas replicas(mpi);
  sac::SacAgent agent(small_config(), &replicas);
  const int rank = mpi.rank(), ranks = mpi.size();
  const int steps = 30;
  for (int t = 0; t < steps; ++t) {
    // Each rank's own environment: the reward encodes the rank, the state the step.
    const std::vector<float> state{float(t) / steps, float(rank), 0.5f};
    sac::Step step{state, agent.act(state), float(rank), {float(t + 1) / steps, float(rank), 0.5f}, false, false};
    agent.observe(step);
  }
  EXPECT_GT(agent.updates_done(), 0);
  EXPECT_EQ(parallel::replica_divergence(mpi, learner_tensors(agent)), 0.0) << "agent replicas differ";

  // Every rank contributed one transition per step: the stream holds steps * ranks, each id on one shard.
  const sac::SequencedTransitions mine = agent.experience();
  EXPECT_EQ(agent.experience_offered(), int64_t(steps) * ranks);
  // Gathered in rank order: id k is step k / ranks of rank k % ranks (with one transition per rank and step,
  // shard r therefore holds rank r's own transitions; the averaged gradients learn from every shard).
  for (size_t i = 0; i < mine.ids.size(); ++i) {
    const int64_t id = mine.ids[i], row = int64_t(i);
    EXPECT_EQ(id % ranks, rank);
    EXPECT_EQ(mine.batch.rewards[row].item<float>(), float(id % ranks)) << "id " << id;
    EXPECT_EQ(mine.batch.states[row][0].item<float>(), float(id / ranks) / steps) << "id " << id;
  }
  // Partitioned, not replicated: the shards (capacity 64 / ranks each) together hold the stream once.
  const auto total = comm::allreduce_values(mpi, {double(mine.ids.size())}, comm::ReduceOp::kSum);
  EXPECT_EQ(total[0], double(std::min<int64_t>(int64_t(steps) * ranks, 64)));
  if (ranks > 1) EXPECT_GT(replicas.exchange_seconds(), 0.0);
}

// Drives a coordinator's hooks through a few epochs with rank-specific losses.
void drive(agents::HyperparameterCoordinator& coordinator, core::HyperparameterRegistry& registry, int rank) {
  core::TrainingState state;
  state.epochs = 8;
  state.batches_per_epoch = 4;
  state.select_metric = "dice";
  for (int epoch = 0; epoch < 8; ++epoch) {
    state.epoch = epoch;
    coordinator.on_hook(core::Hook::EpochBegin, state, registry);
    for (int batch = 0; batch < 4; ++batch) {
      state.batch_in_epoch = batch;
      state.step = epoch * 4 + batch;
      coordinator.on_hook(core::Hook::BatchBegin, state, registry);
      state.train_loss = 1.0 / (1 + state.step) + 0.1 * rank;
      state.loss_terms = {{"dice", state.train_loss}, {"ce", state.train_loss}};
      coordinator.on_hook(core::Hook::BatchEnd, state, registry);
    }
    state.validation = {{"dice", 0.5 + 0.05 * epoch}};
    coordinator.on_hook(core::Hook::ValidationEnd, state, registry);
  }
}

std::unique_ptr<agents::HyperparameterCoordinator> coordinator_over(comm::Collective& ranks) {
  std::vector<std::unique_ptr<agents::HyperparameterAgent>> list;
  list.push_back(std::make_unique<agents::LearningRateAgent>(1));
  list.push_back(std::make_unique<agents::AugmentationAgent>());
  agents::HyperparameterCoordinatorConfig config;
  config.hidden = {16};
  config.sac_batch = 4;
  config.warmup = 2;
  return std::make_unique<agents::HyperparameterCoordinator>(config, std::move(list), &ranks);
}

TEST(DataParallelSac, CoordinatorCheckpointRestoresEveryRanksAgents) {
  torch::set_num_threads(1);
  MpiCollective mpi(MPI_COMM_WORLD);
  std::optional<test::ScratchFolder> scratch;
  if (mpi.rank() == 0) scratch.emplace();
  const std::filesystem::path folder = comm::allgather_bytes(mpi, mpi.rank() == 0 ? scratch->path().string() : "")[0];

  core::HyperparameterRegistry registry;
  core::declare_tunables({}, registry);
  auto trained = coordinator_over(mpi);
  drive(*trained, registry, mpi.rank());
  EXPECT_EQ(trained->divergence(), 0.0) << "the coordinators' agents differ between ranks";
  const auto files = trained->write_checkpoint(mpi.rank() == 0 ? folder : std::filesystem::path());
  EXPECT_EQ(files.size(), mpi.rank() == 0 ? 1u : 0u);
  mpi.barrier();

  auto restored = coordinator_over(mpi);
  restored->read_checkpoint(folder);
  EXPECT_EQ(restored->divergence(), 0.0);
  // Each rank gets back exactly its own agents: networks, generators, accumulator, counters and shard.
  for (size_t i = 0; i < trained->agent_count(); ++i) {
    EXPECT_EQ(restored->sac_agent(i).save_bytes(), trained->sac_agent(i).save_bytes()) << trained->agent(i).name();
    EXPECT_EQ(restored->sac_agent(i).experience().ids, trained->sac_agent(i).experience().ids);
    EXPECT_GT(trained->sac_agent(i).experience_offered(), 0);
  }

  EXPECT_THROW(restored->read_checkpoint(folder / "missing"), InputError);
  mpi.barrier();  // rank 0 removes the folder only after every rank has read it
}

}  // namespace
}  // namespace hypera::dist
