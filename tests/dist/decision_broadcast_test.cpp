// Rank 0 decides the global hyperparameters (DESIGN.md): every rank runs its own replica of the agents, which
// explores with its own generators (warm-up actions here) so that the proposals differ, and after each decision point the global entries (lr, momentum,
// batch size) are rank 0's on every rank while rank-local ones (augmentation) keep each rank's own value.
#include <gtest/gtest.h>

#include "agents/hyperparameter/augmentation_agent.h"
#include "agents/hyperparameter/batch_size_agent.h"
#include "agents/hyperparameter/hyperparameter_coordinator.h"
#include "agents/hyperparameter/learning_rate_agent.h"
#include "core/train/tunables.h"
#include "dist/mpi_communicator.h"
#include "dist/mpi_data_parallel.h"

namespace hypera::dist {
namespace {

TEST(DecisionBroadcast, GlobalHyperparametersAreRankZerosAndRankLocalOnesStayOwn) {
  torch::set_num_threads(1);
  MpiCommunicator comm(MPI_COMM_WORLD);
  MpiDataParallel parallel(comm);
  std::vector<std::unique_ptr<agents::HyperparameterAgent>> list;
  list.push_back(std::make_unique<agents::LearningRateAgent>(1));
  list.push_back(std::make_unique<agents::BatchSizeAgent>(64));
  list.push_back(std::make_unique<agents::AugmentationAgent>());
  agents::HyperparameterCoordinatorConfig config;
  config.seed = 100;
  agents::HyperparameterCoordinator coordinator(config, std::move(list), &parallel);
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
  const int ranks = comm.size();
  for (const std::string name : {"lr", "batch_size", "aug.flip_p", "aug.intensity"}) {
    const double value = registry.get(name);
    const auto sums = parallel.sum({value, value * value});
    const bool equal_everywhere = ranks * sums[1] == sums[0] * sums[0];
    if (registry.spec(name).scope == core::HyperparameterScope::Global) {
      EXPECT_TRUE(equal_everywhere) << name << " differs between ranks";
    } else if (ranks > 1) {
      EXPECT_FALSE(equal_everywhere) << name << ": rank-local values should reflect each rank's own agent";
    }
  }
}

}  // namespace
}  // namespace hypera::dist
