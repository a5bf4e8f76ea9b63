#include "support/torch_compat.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "support/input_error.h"

namespace hypera::core {
namespace {

torch::ScalarType conv_output_type() {
  const torch::Tensor x = torch::ones({1, 2, 4, 4});
  const torch::Tensor w = torch::ones({3, 2, 3, 3});
  return torch::conv2d(x, w).scalar_type();
}

TEST(ZeroGradInPlace, KeepsEveryGradientTensorAndZeroesIt) {
  torch::nn::Linear layer(3, 2);
  torch::optim::SGD optimizer(layer->parameters(), torch::optim::SGDOptions(0.1));
  layer->forward(torch::ones({4, 3})).sum().backward();
  std::vector<const void*> memory;
  for (const auto& p : layer->parameters()) {
    ASSERT_GT(p.grad().abs().sum().item<double>(), 0);
    memory.push_back(p.grad().data_ptr());
  }
  compat::zero_grad_in_place(optimizer);
  const auto parameters = layer->parameters();
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    ASSERT_TRUE(parameters[i].grad().defined());  // set to none would leave it undefined (LibTorch 2.x's default)
    EXPECT_EQ(parameters[i].grad().data_ptr(), memory[i]);
    EXPECT_EQ(parameters[i].grad().abs().sum().item<double>(), 0);
  }
}

TEST(AutocastGuard, EnablesBf16OnCpuAndRestoresOnExit) {
  torch::set_num_threads(1);
  ASSERT_FALSE(compat::autocast_enabled(torch::kCPU));
  const torch::ScalarType dtype_before = compat::autocast_dtype(torch::kCPU);
  {
    AutocastGuard guard(torch::kCPU, torch::kBFloat16);
    EXPECT_TRUE(compat::autocast_enabled(torch::kCPU));
    EXPECT_EQ(compat::autocast_dtype(torch::kCPU), torch::kBFloat16);
    EXPECT_EQ(conv_output_type(), torch::kBFloat16);
  }
  EXPECT_FALSE(compat::autocast_enabled(torch::kCPU));
  EXPECT_EQ(compat::autocast_dtype(torch::kCPU), dtype_before);
  EXPECT_EQ(conv_output_type(), torch::kFloat);
}

TEST(AutocastGuard, EmptyDtypeMakesAnFp32IslandInsideAutocast) {
  AutocastGuard outer(torch::kCPU, torch::kBFloat16);
  {
    AutocastGuard inner(torch::kCPU, std::nullopt);
    EXPECT_FALSE(compat::autocast_enabled(torch::kCPU));
    EXPECT_EQ(conv_output_type(), torch::kFloat);
  }
  EXPECT_TRUE(compat::autocast_enabled(torch::kCPU));
  EXPECT_EQ(conv_output_type(), torch::kBFloat16);
}

TEST(AutocastGuard, CudaFlagIsIndependentOfCpu) {
  AutocastGuard guard(torch::kCUDA, torch::kHalf);
  EXPECT_TRUE(compat::autocast_enabled(torch::kCUDA));
  EXPECT_FALSE(compat::autocast_enabled(torch::kCPU));
  EXPECT_EQ(conv_output_type(), torch::kFloat);  // CPU tensors are not autocast by the CUDA flag
}

TEST(AutocastGuard, RejectsOtherDevices) {
  EXPECT_THROW(AutocastGuard(torch::Device(torch::kMeta), torch::kBFloat16), InputError);
}

}  // namespace
}  // namespace hypera::core
