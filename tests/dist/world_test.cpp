#include <gtest/gtest.h>

#include <map>
#include <string>

#include "support/input_error.h"
#include "dist/mpi_collective.h"
#include "dist/world.h"

namespace hypera::dist {
namespace {

EnvironmentLookup fake_environment(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

std::string launcher_error(int world_size, std::map<std::string, std::string> values) {
  try {
    check_launcher_size(world_size, fake_environment(std::move(values)));
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(World, RanksAreDistinctAndLocalRanksFitTheNode) {
  const WorldInfo world = describe_world(MPI_COMM_WORLD);
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  ASSERT_EQ(world.size, size);
  ASSERT_GE(world.rank, 0);
  ASSERT_LT(world.rank, world.size);
  EXPECT_LT(world.local_rank, world.local_size);
  EXPECT_LE(world.local_size, world.size);

  MpiCollective communicator(MPI_COMM_WORLD);
  const auto ranks = communicator.allgatherv(torch::tensor({int64_t{world.rank}, int64_t{world.local_rank}}));
  for (int r = 0; r < world.size; ++r) {
    EXPECT_EQ(ranks[r][0].item<int64_t>(), r);
    // One node here: the shared-memory split numbers ranks in world order.
    EXPECT_EQ(ranks[r][1].item<int64_t>(), r);
  }
}

TEST(World, TheRealLauncherEnvironmentAgreesWithTheWorld) {
  EXPECT_NO_THROW(check_launcher_size(describe_world(MPI_COMM_WORLD).size));
}

TEST(World, ASchedulerTaskCountOtherThanTheWorldSizeIsAnError) {
  const int size = describe_world(MPI_COMM_WORLD).size;
  EXPECT_EQ(launcher_error(size, {{"SLURM_NTASKS", std::to_string(size)}}), "");
  const auto error = launcher_error(size, {{"SLURM_NTASKS", std::to_string(size + 1)}});
  EXPECT_NE(error.find("SLURM_NTASKS=" + std::to_string(size + 1)), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos);
  EXPECT_NE(launcher_error(size, {{"OMPI_COMM_WORLD_SIZE", std::to_string(size + 3)}}).find("OMPI_COMM_WORLD_SIZE"),
            std::string::npos);
  EXPECT_NE(launcher_error(size, {{"SLURM_NTASKS", std::to_string(size)}, {"PMI_SIZE", "7x"}}).find("PMI_SIZE='7x'"),
            std::string::npos);
  EXPECT_NE(launcher_error(size, {{"SLURM_NTASKS", "0"}}).find("SLURM_NTASKS"), std::string::npos);
}

TEST(World, TheRealEnvironmentIsReadWhenNoLookupIsGiven) {
  const int size = describe_world(MPI_COMM_WORLD).size;
  const auto previous = process_environment("SLURM_NTASKS");
  ASSERT_EQ(setenv("SLURM_NTASKS", std::to_string(size + 1).c_str(), 1), 0);
  EXPECT_THROW(check_launcher_size(size), InputError);
  if (previous) {
    setenv("SLURM_NTASKS", previous->c_str(), 1);
  } else {
    unsetenv("SLURM_NTASKS");
  }
}

}  // namespace
}  // namespace hypera::dist
