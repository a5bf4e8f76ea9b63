// MpiCollective and the helpers over it, on every rank of the test's world (1 rank plainly, 2 and 4 under
// mpiexec), and the checked mode turning mismatched calls into an error instead of a hang.
#include <gtest/gtest.h>

#include "comm/checked_collective.h"
#include "comm/host_values.h"
#include "dist/mpi_collective.h"

namespace hypera::dist {
namespace {

class MpiCollectiveTest : public ::testing::Test {
 protected:
  MpiCollectiveTest() : mpi(MPI_COMM_WORLD) {}
  MpiCollective mpi;
};

TEST_F(MpiCollectiveTest, AllreduceSumsEveryElementInPlace) {
  const int n = mpi.size();
  const int r = mpi.rank();
  // Rank r holds (r + 1) * [0, 1, ..., 999]: the sum is n(n+1)/2 * index.
  auto floats = torch::arange(1000, torch::kFloat) * float(r + 1);
  auto doubles = torch::arange(7, torch::kDouble) + r;
  auto longs = torch::full({3}, int64_t{1} << (40 + r));
  auto pending_floats = mpi.allreduce_async(floats, comm::ReduceOp::kSum);
  auto pending_doubles = mpi.allreduce_async(doubles, comm::ReduceOp::kSum);
  mpi.allreduce(longs, comm::ReduceOp::kSum);
  pending_doubles->wait();
  pending_floats->wait();
  EXPECT_TRUE(pending_floats->poll());
  EXPECT_TRUE(torch::equal(floats, torch::arange(1000, torch::kFloat) * float(n * (n + 1) / 2)));
  EXPECT_TRUE(torch::equal(doubles, torch::arange(7, torch::kDouble) * n + n * (n - 1) / 2));
  int64_t expected = 0;
  for (int k = 0; k < n; ++k) expected += int64_t{1} << (40 + k);
  EXPECT_TRUE(torch::equal(longs, torch::full({3}, expected)));
}

TEST_F(MpiCollectiveTest, AllreduceTakesTheLargestAndTheSmallest) {
  const int n = mpi.size(), r = mpi.rank();
  // Element k of rank r is (r - k)^2 - 3r: the extremes over ranks differ per element.
  const auto k = torch::arange(5, torch::kDouble);
  const auto mine = (double(r) - k).pow(2) - 3.0 * r;
  auto largest = mine.clone(), smallest = mine.clone();
  mpi.allreduce(largest, comm::ReduceOp::kMax);
  mpi.allreduce_async(smallest, comm::ReduceOp::kMin)->wait();
  auto expected_max = torch::full({5}, -1e300, torch::kDouble), expected_min = torch::full({5}, 1e300, torch::kDouble);
  for (int q = 0; q < n; ++q) {
    const auto theirs = (double(q) - k).pow(2) - 3.0 * q;
    expected_max = torch::maximum(expected_max, theirs);
    expected_min = torch::minimum(expected_min, theirs);
  }
  EXPECT_TRUE(torch::equal(largest, expected_max));
  EXPECT_TRUE(torch::equal(smallest, expected_min));
  auto ints = torch::full({2}, int32_t(r), torch::kInt);
  mpi.allreduce(ints, comm::ReduceOp::kMax);
  EXPECT_EQ(ints[1].item<int32_t>(), n - 1);
}

TEST_F(MpiCollectiveTest, BroadcastCopiesTheRootsValues) {
  const int root = mpi.size() - 1;
  auto values = torch::full({5, 3}, double(mpi.rank()));
  mpi.broadcast(values, root);
  EXPECT_TRUE(torch::equal(values, torch::full({5, 3}, double(root))));
  auto bytes = torch::full({11}, uint8_t(mpi.rank() == 0 ? 200 : 3), torch::kByte);
  mpi.broadcast(bytes, 0);
  EXPECT_EQ(bytes.sum().item<int64_t>(), 11 * 200);
}

TEST_F(MpiCollectiveTest, AllgathervCollectsPartsOfDifferentLengths) {
  // Rank r sends r elements (rank 0 sends none) of value 10 r + index.
  const int n = mpi.size();
  const auto mine = torch::arange(mpi.rank(), torch::kFloat) + 10.0f * mpi.rank();
  const auto parts = mpi.allgatherv(mine);
  ASSERT_EQ(static_cast<int>(parts.size()), n);
  for (int r = 0; r < n; ++r) {
    ASSERT_EQ(parts[r].numel(), r);
    EXPECT_TRUE(torch::equal(parts[r], torch::arange(r, torch::kFloat) + 10.0f * r));
  }
}

TEST_F(MpiCollectiveTest, RefusesTensorsItCannotSend) {
  EXPECT_THROW(mpi.broadcast(torch::zeros({4, 4}).t(), 0), std::invalid_argument);
  EXPECT_THROW(mpi.allgatherv(torch::zeros({2, 2})), std::invalid_argument);
  EXPECT_THROW(mpi.allreduce(torch::zeros({2}, torch::kByte), comm::ReduceOp::kSum), std::invalid_argument);
  mpi.barrier();
}

TEST_F(MpiCollectiveTest, HostValuesAreGlobal) {
  const int n = mpi.size(), r = mpi.rank();
  // Rank r validated r + 1 images with Dice 0.5 each and r false positives.
  const auto sums = comm::allreduce_values(mpi, {0.5 * (r + 1), double(r + 1), double(r)}, comm::ReduceOp::kSum);
  ASSERT_EQ(sums.size(), 3u);
  EXPECT_DOUBLE_EQ(sums[0], 0.25 * n * (n + 1));
  EXPECT_DOUBLE_EQ(sums[1], 0.5 * n * (n + 1));
  EXPECT_DOUBLE_EQ(sums[2], 0.5 * n * (n - 1));
  EXPECT_TRUE(comm::allreduce_values(mpi, {}, comm::ReduceOp::kSum).empty());

  EXPECT_EQ(comm::broadcast_values(mpi, {double(r), 2.5}, 0), (std::vector<double>{0.0, 2.5}));
  EXPECT_TRUE(comm::same_on_every_rank(mpi, {3.0, -1.0}));
  EXPECT_EQ(comm::same_on_every_rank(mpi, {3.0, double(r)}), n == 1);

  const auto texts = comm::allgather_bytes(mpi, "rank " + std::string(r + 1, '#'));
  const auto floats = comm::allgather_floats(mpi, std::vector<float>(r, 0.5f * r));
  ASSERT_EQ(int(texts.size()), n);
  ASSERT_EQ(int(floats.size()), n);
  for (int q = 0; q < n; ++q) {
    EXPECT_EQ(texts[q], "rank " + std::string(q + 1, '#'));
    EXPECT_EQ(floats[q], std::vector<float>(q, 0.5f * q));
  }
  // The last rank's bytes (with a zero byte inside) reach every rank, whatever the others pass.
  const std::string from_last = std::string("exploit\0", 8) + std::string(1000 + n, 'x');
  EXPECT_EQ(comm::broadcast_bytes(mpi, r == n - 1 ? from_last : "ignored", n - 1), from_last);
  EXPECT_EQ(comm::broadcast_bytes(mpi, "", 0), "");
  auto values = torch::full({4}, float(r));
  comm::average_in_place(mpi, values);
  EXPECT_TRUE(torch::equal(values, torch::full({4}, float(n - 1) / 2)));
}

// Split by rank parity, ranks ordered backwards in each group: every group reduces over its own ranks only,
// and a checked collective's groups are checked too (the population's members will be such groups).
TEST_F(MpiCollectiveTest, SplitMakesGroupsThatReduceOverTheirOwnRanks) {
  const int n = mpi.size(), r = mpi.rank();
  comm::CheckedCollective checked(mpi);
  for (comm::Collective* parent : {static_cast<comm::Collective*>(&mpi), static_cast<comm::Collective*>(&checked)}) {
    const auto group = parent->split(r % 2, -r);
    int members = 0, higher = 0;
    double sum = 0;
    for (int q = r % 2; q < n; q += 2) {
      ++members;
      sum += q;
      if (q > r) ++higher;
    }
    EXPECT_EQ(group->size(), members);
    EXPECT_EQ(group->rank(), higher);  // key -rank: the highest world rank comes first
    auto value = torch::tensor({double(r)}, torch::kDouble);
    group->allreduce(value, comm::ReduceOp::kSum);
    EXPECT_EQ(value.item<double>(), sum);
    group->barrier();
  }
  EXPECT_THROW(mpi.split(-1, 0), std::invalid_argument);
}

// Matching calls pass through the checked mode unchanged; a mismatch (rank 0 reduces, the others broadcast,
// or the shapes differ) becomes a CollectiveMismatch on every rank that names both call sites, and the
// collective stays usable afterwards, because the mismatched call itself was never made.
TEST_F(MpiCollectiveTest, CheckedModeTurnsAMismatchIntoAnErrorNamingBothCallSites) {
  comm::CheckedCollective checked(mpi);
  auto values = torch::full({3}, double(mpi.rank()));
  checked.allreduce(values, comm::ReduceOp::kMax);
  EXPECT_EQ(values[0].item<double>(), mpi.size() - 1);
  checked.barrier();
  EXPECT_EQ(checked.calls_checked(), 2);
  if (mpi.size() == 1) return;  // one rank cannot disagree with itself

  auto tensor = torch::zeros({4}, torch::kFloat);
  try {
    if (mpi.rank() == 0) {
      checked.allreduce(tensor, comm::ReduceOp::kSum);  // the line named for rank 0
    } else {
      checked.broadcast(tensor, 0);  // the line named for rank 1
    }
    ADD_FAILURE() << "no mismatch reported";
  } catch (const comm::CollectiveMismatch& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("collective 2 differs between ranks"), std::string::npos) << message;
    EXPECT_NE(message.find("rank 0 allreduce(sum, Float x 4) at tests/dist/mpi_collective_test.cpp:"),
              std::string::npos) << message;
    EXPECT_NE(message.find("rank 1 broadcast(root 0, Float x 4) at tests/dist/mpi_collective_test.cpp:"),
              std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
  }
  try {
    checked.broadcast(torch::zeros({mpi.rank() == 0 ? 2 : 3}, torch::kFloat), 0);
    ADD_FAILURE() << "no mismatch reported";
  } catch (const comm::CollectiveMismatch& error) {
    EXPECT_NE(std::string(error.what()).find("Float x 2"), std::string::npos) << error.what();
  }
  auto after = torch::ones({2}, torch::kDouble);
  checked.allreduce(after, comm::ReduceOp::kSum);
  EXPECT_EQ(after[0].item<double>(), mpi.size());
}

}  // namespace
}  // namespace hypera::dist
