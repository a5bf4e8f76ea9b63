// A world of one rank (comm::SingleRank) behind the collective interface, the host-value helpers over it,
// the call sites that the checked mode names, and the checked mode on one rank.
#include <gtest/gtest.h>

#include <cstdlib>

#include "comm/checked_collective.h"
#include "comm/host_values.h"
#include "comm/single_rank.h"

namespace hypera::comm {
namespace {

TEST(SingleRank, EveryCollectiveLeavesItsInputAsTheResult) {
  SingleRank alone;
  EXPECT_EQ(alone.rank(), 0);
  EXPECT_EQ(alone.size(), 1);
  auto values = torch::tensor({1.5, -2.0}, torch::kDouble);
  alone.allreduce(values, ReduceOp::kSum);
  alone.allreduce_async(values, ReduceOp::kMin)->wait();
  alone.broadcast(values, 0);
  EXPECT_TRUE(torch::equal(values, torch::tensor({1.5, -2.0}, torch::kDouble)));
  const auto parts = alone.allgatherv(torch::arange(3, torch::kFloat));
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(torch::equal(parts[0], torch::arange(3, torch::kFloat)));
  alone.barrier();

  EXPECT_EQ(allreduce_values(alone, {3, 4}, ReduceOp::kMax), (std::vector<double>{3, 4}));
  EXPECT_EQ(broadcast_values(alone, {7}, 0), std::vector<double>{7});
  EXPECT_TRUE(same_on_every_rank(alone, {1, 2, 3}));
  EXPECT_EQ(allgather_bytes(alone, std::string("a\0b", 3)), std::vector<std::string>{std::string("a\0b", 3)});
  EXPECT_EQ(allgather_floats(alone, {}), std::vector<std::vector<float>>{{}});
}

TEST(SingleRank, RefusesWhatMoreRanksWouldRefuse) {
  SingleRank alone;
  EXPECT_THROW(alone.broadcast(torch::zeros({2}), 1), std::invalid_argument);
  EXPECT_THROW(alone.allreduce(torch::zeros({4, 4}).t(), ReduceOp::kSum), std::invalid_argument);
  EXPECT_THROW(alone.allgatherv(torch::zeros({2, 2})), std::invalid_argument);
  EXPECT_THROW(alone.split(-1, 0), std::invalid_argument);
}

TEST(SingleRank, SplitsIntoAWorldOfOne) {
  SingleRank alone;
  const auto group = alone.split(3, 7);
  EXPECT_EQ(group->size(), 1);
  auto values = torch::ones({2});
  group->allreduce(values, ReduceOp::kSum);
  EXPECT_TRUE(torch::equal(values, torch::ones({2})));
}

TEST(CallSite, NamesTheCallerFromItsSourceFolderOn) {
  const CallSite site = CallSite::here();
  const int line = __LINE__ - 1;
  EXPECT_EQ(site.text(), "tests/comm/single_rank_test.cpp:" + std::to_string(line));
  EXPECT_EQ((CallSite{"/a/b/src/x/src/core/y.cpp", 9}).text(), "src/core/y.cpp:9");
  EXPECT_EQ((CallSite{"plain.cpp", 3}).text(), "plain.cpp:3");
}

TEST(CheckedCollective, PassesCallsThroughAndCountsThem) {
  SingleRank alone;
  CheckedCollective checked(alone);
  auto values = torch::ones({2});
  checked.allreduce(values, ReduceOp::kSum);
  checked.allreduce_async(values, ReduceOp::kSum)->wait();
  checked.broadcast(values, 0);
  checked.barrier();
  EXPECT_EQ(allgather_bytes(checked, "x"), std::vector<std::string>{"x"});
  EXPECT_EQ(checked.calls_checked(), 5);
  EXPECT_TRUE(torch::equal(values, torch::ones({2})));
}

TEST(CheckedCollective, IsAskedForThroughTheEnvironment) {
  ::unsetenv("HYPERA_CHECK_COLLECTIVES");
  EXPECT_FALSE(collective_checks_requested());
  ::setenv("HYPERA_CHECK_COLLECTIVES", "0", 1);
  EXPECT_FALSE(collective_checks_requested());
  ::setenv("HYPERA_CHECK_COLLECTIVES", "1", 1);
  EXPECT_TRUE(collective_checks_requested());
  ::unsetenv("HYPERA_CHECK_COLLECTIVES");
}

}  // namespace
}  // namespace hypera::comm
