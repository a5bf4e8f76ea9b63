#include <gtest/gtest.h>

#include "parallel/bucket_plan.h"

namespace hypera::parallel {
namespace {

std::vector<torch::Tensor> float_parameters(const std::vector<int64_t>& sizes) {
  std::vector<torch::Tensor> parameters;
  for (const auto size : sizes) parameters.push_back(torch::zeros({size}));
  return parameters;
}

// The parameter order of every bucket, checking that slots are contiguous and sized as their parameters.
std::vector<std::vector<std::size_t>> bucket_orders(const std::vector<torch::Tensor>& parameters,
                                                    const std::vector<BucketLayout>& buckets) {
  std::vector<std::vector<std::size_t>> orders;
  for (const auto& bucket : buckets) {
    std::vector<std::size_t> order;
    int64_t offset = 0;
    for (const auto& slot : bucket.slots) {
      order.push_back(slot.parameter);
      EXPECT_EQ(slot.offset, offset);
      EXPECT_EQ(slot.numel, parameters[slot.parameter].numel());
      offset += slot.numel;
    }
    EXPECT_EQ(bucket.numel, offset);
    orders.push_back(order);
  }
  return orders;
}

TEST(BucketPlan, ReverseOrderSmallFirstBucketWithOverlapThenLargeOnes) {
  // float32: 100 elements = 400 bytes. With overlap the first bucket <= 800 bytes, later ones <= 2000 bytes.
  const auto parameters = float_parameters({100, 300, 200, 100, 100, 100, 50});
  const std::vector<std::vector<std::size_t>> overlapped = {{6, 5}, {4, 3, 2}, {1, 0}};
  EXPECT_EQ(bucket_orders(parameters, plan_buckets(parameters, {800, 2000, true})), overlapped);
  // Without overlap nothing starts early: the first bucket is as large as the others.
  const std::vector<std::vector<std::size_t>> in_finish = {{6, 5, 4, 3}, {2, 1}, {0}};
  EXPECT_EQ(bucket_orders(parameters, plan_buckets(parameters, {800, 2000, false})), in_finish);
}

TEST(BucketPlan, OversizedParameterGetsItsOwnBucketAndDtypesNeverMix) {
  std::vector<torch::Tensor> parameters = {torch::zeros({10}), torch::zeros({10}, torch::kDouble),
                                           torch::zeros({1000}), torch::zeros({10})};
  const auto buckets = plan_buckets(parameters, {100, 100});
  ASSERT_EQ(buckets.size(), 4u);
  EXPECT_EQ(buckets[0].slots[0].parameter, 3u);
  EXPECT_EQ(buckets[1].slots[0].parameter, 2u);
  EXPECT_EQ(buckets[1].numel, 1000);
  EXPECT_EQ(buckets[2].dtype, torch::kDouble);
  EXPECT_EQ(buckets[3].dtype, torch::kFloat);
  EXPECT_THROW(plan_buckets(parameters, {0, 100}), std::invalid_argument);
}

TEST(BucketPlan, DefaultsPutASmallModelInOneBucket) {
  const auto buckets = plan_buckets(float_parameters({1000, 2000, 3000}), {});
  ASSERT_EQ(buckets.size(), 1u);
  EXPECT_EQ(buckets[0].numel, 6000);
  EXPECT_TRUE(plan_buckets({}, {}).empty());
}

}  // namespace
}  // namespace hypera::parallel
