// The hyperparameter agents' HDF5 checkpoint: every rank's share and the merged replay read back; datasets stored
// otherwise than the writer stores them (which libhdf5 1.10 reads past its buffers) are refused before any read.
#include "agents/hyperparameter/agent_checkpoint.h"

#include <H5Cpp.h>
#include <gtest/gtest.h>

#include <functional>

#include "common/expect_input_error.h"
#include "common/scratch_folder.h"
#include "data/pipeline/hdf5_lock.h"

namespace hypera::agents {
namespace {

namespace fs = std::filesystem;

// One rank's state: the learning-rate agent with two transitions of ids `first` and `first + 1`.
RankAgentState rank_state(const std::string& coordinator, int64_t first) {
  RankAgentState rank;
  rank.coordinator = coordinator;
  AgentShardState& agent = rank.agents["learning_rate"];
  agent.state = "agent bytes of " + coordinator;
  agent.offered = 2;
  agent.experience.ids = {first, first + 1};
  // states, actions, rewards, next states, discounts, weights, indices
  agent.experience.batch = sac::Batch{torch::rand({2, 3}), torch::rand({2, 1}), torch::rand({2}), torch::rand({2, 3}),
                                      torch::ones({2}),    torch::ones({2}),    {0, 1}};
  return rank;
}

TEST(AgentCheckpoint, ReadsEachRanksShareAndTheMergedReplay) {
  test::ScratchFolder dir;
  const fs::path file = dir / "agents.h5";
  const RankAgentState zero = rank_state("zero", 0), one = rank_state("one", 2);
  write_agent_checkpoint(file, {zero, one});
  const RankAgentState read = read_agent_checkpoint(file, 1);
  EXPECT_EQ(read.coordinator, "one");
  const AgentShardState& agent = read.agents.at("learning_rate");
  EXPECT_EQ(agent.state, "agent bytes of one");
  EXPECT_EQ(agent.experience.ids, (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_TRUE(agent.experience.batch.rewards.equal(
      torch::cat({zero.agents.at("learning_rate").experience.batch.rewards,
                  one.agents.at("learning_rate").experience.batch.rewards})));
}

// A fresh checkpoint whose replay dataset "rewards" (two float32 values) `replace` has recreated.
fs::path with_rewards(const test::ScratchFolder& dir, const std::string& name,
                      const std::function<void(H5::Group&)>& replace) {
  const fs::path file = dir / name;
  write_agent_checkpoint(file, {rank_state("zero", 0)});
  auto lock = data::lock_hdf5();
  H5::H5File opened(file.string(), H5F_ACC_RDWR);
  H5::Group group = opened.openGroup("replay/learning_rate");
  group.unlink("rewards");
  replace(group);
  return file;
}

TEST(AgentCheckpoint, DatasetsStoredOtherwiseAreRefusedUnread) {
  test::ScratchFolder dir;
  const hsize_t two = 2;
  const double doubles[2] = {0.5, 0.25};
  const fs::path wide = with_rewards(dir, "wide.h5", [&](H5::Group& group) {
    group.createDataSet("rewards", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(1, &two))
        .write(doubles, H5::PredType::NATIVE_DOUBLE);
  });
  const fs::path chunked = with_rewards(dir, "chunked.h5", [&](H5::Group& group) {
    H5::DSetCreatPropList properties;
    properties.setChunk(1, &two);
    group.createDataSet("rewards", H5::PredType::NATIVE_FLOAT, H5::DataSpace(1, &two), properties);
  });
  const fs::path unwritten = with_rewards(dir, "unwritten.h5", [&](H5::Group& group) {
    group.createDataSet("rewards", H5::PredType::NATIVE_FLOAT, H5::DataSpace(1, &two));
  });
  const std::pair<fs::path, std::string> cases[] = {
      {wide, "dataset 'rewards' stores elements of 8 bytes, not 4"},
      {chunked, "dataset 'rewards' is not contiguous"},
      {unwritten, "dataset 'rewards' stores 0 bytes for 2 elements of 4"}};
  for (const auto& [file, detail] : cases) {
    const std::string message = test::input_error_message([&] { read_agent_checkpoint(file, 0); });
    EXPECT_EQ(message.rfind(file.string() + ": damaged agents' checkpoint (", 0), 0u) << message;
    EXPECT_NE(message.find(detail), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace hypera::agents
