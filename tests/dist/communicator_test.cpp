#include <gtest/gtest.h>

#include "dist/metric_sums.h"
#include "dist/mpi_communicator.h"

namespace hypera::dist {
namespace {

class MpiCommunicatorTest : public ::testing::Test {
 protected:
  MpiCommunicatorTest() : comm(MPI_COMM_WORLD) {}
  MpiCommunicator comm;
};

TEST_F(MpiCommunicatorTest, AllreduceSumsEveryElementInPlace) {
  const int n = comm.size();
  const int r = comm.rank();
  // Rank r holds (r + 1) * [0, 1, ..., 999]: the sum is n(n+1)/2 * index.
  auto floats = torch::arange(1000, torch::kFloat) * float(r + 1);
  auto doubles = torch::arange(7, torch::kDouble) + r;
  auto longs = torch::full({3}, int64_t{1} << (40 + r));
  auto pending_floats = comm.allreduce_sum_async(floats);
  auto pending_doubles = comm.allreduce_sum_async(doubles);
  comm.allreduce_sum(longs);
  pending_doubles->wait();
  pending_floats->wait();
  EXPECT_TRUE(pending_floats->poll());
  EXPECT_TRUE(torch::equal(floats, torch::arange(1000, torch::kFloat) * float(n * (n + 1) / 2)));
  EXPECT_TRUE(torch::equal(doubles, torch::arange(7, torch::kDouble) * n + n * (n - 1) / 2));
  int64_t expected = 0;
  for (int k = 0; k < n; ++k) expected += int64_t{1} << (40 + k);
  EXPECT_TRUE(torch::equal(longs, torch::full({3}, expected)));
}

TEST_F(MpiCommunicatorTest, BroadcastCopiesTheRootsValues) {
  const int root = comm.size() - 1;
  auto values = torch::full({5, 3}, double(comm.rank()));
  comm.broadcast(values, root);
  EXPECT_TRUE(torch::equal(values, torch::full({5, 3}, double(root))));
  auto bytes = torch::full({11}, uint8_t(comm.rank() == 0 ? 200 : 3), torch::kByte);
  comm.broadcast(bytes, 0);
  EXPECT_EQ(bytes.sum().item<int64_t>(), 11 * 200);
}

TEST_F(MpiCommunicatorTest, AllgathervCollectsPartsOfDifferentLengths) {
  // Rank r sends r elements (rank 0 sends none) of value 10 r + index.
  const int n = comm.size();
  const auto mine = torch::arange(comm.rank(), torch::kFloat) + 10.0f * comm.rank();
  const auto parts = comm.allgatherv(mine);
  ASSERT_EQ(static_cast<int>(parts.size()), n);
  for (int r = 0; r < n; ++r) {
    ASSERT_EQ(parts[r].numel(), r);
    EXPECT_TRUE(torch::equal(parts[r], torch::arange(r, torch::kFloat) + 10.0f * r));
  }
  const std::string text = "rank " + std::string(comm.rank() + 1, '#');
  const auto bytes = torch::from_blob(const_cast<char*>(text.data()), {int64_t(text.size())}, torch::kByte).clone();
  const auto texts = comm.allgatherv(bytes);
  for (int r = 0; r < n; ++r) {
    const std::string got(reinterpret_cast<const char*>(texts[r].data_ptr<uint8_t>()), texts[r].numel());
    EXPECT_EQ(got, "rank " + std::string(r + 1, '#'));
  }
}

TEST_F(MpiCommunicatorTest, RefusesTensorsItCannotSend) {
  EXPECT_THROW(comm.broadcast(torch::zeros({4, 4}).t(), 0), std::invalid_argument);
  EXPECT_THROW(comm.allgatherv(torch::zeros({2, 2})), std::invalid_argument);
  EXPECT_THROW(comm.allreduce_sum(torch::zeros({2}, torch::kByte)), std::invalid_argument);
  comm.barrier();
}

TEST_F(MpiCommunicatorTest, MetricSumsAreGlobal) {
  // Rank r validated r + 1 images with Dice 0.5 each and r false positives.
  const auto sums = sum_over_ranks(comm, {0.5 * (comm.rank() + 1), double(comm.rank() + 1), double(comm.rank())});
  const int n = comm.size();
  ASSERT_EQ(sums.size(), 3u);
  EXPECT_DOUBLE_EQ(sums[0], 0.25 * n * (n + 1));
  EXPECT_DOUBLE_EQ(sums[1], 0.5 * n * (n + 1));
  EXPECT_DOUBLE_EQ(sums[2], 0.5 * n * (n - 1));
  EXPECT_TRUE(sum_over_ranks(comm, {}).empty());
}

}  // namespace
}  // namespace hypera::dist
