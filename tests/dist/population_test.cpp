// Population-based training over the real MPI world (1 rank plainly, 2 and 4 under mpiexec), every rank a member
// whose model is filled with its index and whose validation metric is its index: at a generation the worst
// member copies the best one's model, momentum and hyperparameters in memory, then perturbs them; the others
// keep theirs; every rank records the same population; the state survives a checkpoint.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "comm/host_values.h"
#include "common/scratch_folder.h"
#include "common/tiny_member.h"
#include "core/train/tunables.h"
#include "dist/mpi_collective.h"
#include "population/pbt_controller.h"
#include "population/population_state.h"

namespace hypera::dist {
namespace {

TEST(Population, TheWorstMemberCopiesTheBestInMemoryAndPerturbs) {
  torch::set_num_threads(1);
  MpiCollective world(MPI_COMM_WORLD);
  const int members = world.size(), me = world.rank();
  population::PopulationOptions options;
  options.size = members;
  options.resample_probability = 0;
  options.hyperparameters = "optim.lr_scale";
  const auto layout = population::member_layout(world.size(), world.rank(), members);
  test::ScratchFolder records;
  std::ostringstream console;
  population::PbtController controller(options, layout, world, 11, me == 0 ? records.path() : std::filesystem::path(),
                                       me == 0 ? &console : nullptr);
  test::TinyMember member{float(me)};
  core::TrainingState state;
  state.epochs = 3;
  controller.on_hook(core::Hook::TrainBegin, state, member.registry);
  const double initial_scale = member.registry.get(core::tunable::kLrScale);
  if (me == 0) EXPECT_EQ(initial_scale, 1.0) << "member 0 starts from the configured values";
  if (me > 0) EXPECT_TRUE(initial_scale == 0.8 || initial_scale == 1.2) << initial_scale;
  // The best member's scale, as every rank will see it.
  const double best_scale = comm::broadcast_values(world, {initial_scale}, members - 1)[0];

  state.step = 10;
  auto member_state = member.state();
  controller.after_validation(state, double(me), member_state);
  const double scale = member.registry.get(core::tunable::kLrScale);
  const float weight = member.model->weight[0][0].item<float>();
  if (members > 1 && me == 0) {
    EXPECT_EQ(weight, float(members - 1)) << "the worst member holds the best one's model";
    EXPECT_TRUE(std::abs(scale - 0.8 * best_scale) < 1e-12 || std::abs(scale - 1.2 * best_scale) < 1e-12) << scale;
    EXPECT_EQ(controller.lineage_schedule(0).front().value, controller.lineage_schedule(members - 1).front().value);
  } else {
    EXPECT_EQ(weight, float(me)) << "a member that does not copy keeps its model";
    EXPECT_EQ(scale, initial_scale);
  }
  std::map<std::string, std::map<std::string, double>> summary;
  controller.summarize(summary);
  EXPECT_EQ(summary["population"]["generations"], 1.0);
  EXPECT_EQ(summary["population"]["exploits"], members > 1 ? 1.0 : 0.0);
  EXPECT_EQ(summary["population"]["exploit_bytes"] > 0, members > 1) << "every rank counts the bytes moved";
  // Every rank holds the same population state.
  const std::string text = population::population_state_text(controller.state());
  EXPECT_TRUE(comm::same_on_every_rank(world, {double(std::hash<std::string>{}(text) % 1000003)}));
  EXPECT_EQ(controller.state().rows.size(), size_t(2 * members));
  if (me == 0) {
    EXPECT_TRUE(std::filesystem::exists(records / "population.csv"));
    EXPECT_NE(console.str().find("population generation 1:"), std::string::npos) << console.str();
  }

  // The last validation is no generation.
  state.epoch = 2;
  controller.after_validation(state, double(-me), member_state);
  EXPECT_EQ(controller.state().generations, 1);

  // A checkpoint's population.txt restores the same state into a fresh controller.
  test::ScratchFolder checkpoint;
  ASSERT_EQ(controller.write_checkpoint(checkpoint.path()), std::vector<std::string>{"population.txt"});
  population::PbtController resumed(options, layout, world, 11, {}, nullptr);
  resumed.read_checkpoint(checkpoint.path());
  EXPECT_EQ(population::population_state_text(resumed.state()), population::population_state_text(controller.state()));
}

}  // namespace
}  // namespace hypera::dist
