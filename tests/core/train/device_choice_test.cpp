#include "core/train/device_choice.h"
#include "core/train/device_option.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "support/input_error.h"

namespace hypera::core {
namespace {

TEST(DeviceChoice, AutoSpreadsTheLocalRanksOverTheGpusAndFallsBackToTheCpu) {
  EXPECT_TRUE(choose_device("auto", 0, 0).device.is_cpu());
  EXPECT_NE(choose_device("auto", 0, 0).reason.find("no CUDA device"), std::string::npos);
  const DeviceChoice third = choose_device("auto", 3, 2);
  EXPECT_EQ(third.device, torch::Device(torch::kCUDA, 1));
  EXPECT_NE(third.reason.find("local rank 3"), std::string::npos) << third.reason;
  EXPECT_EQ(choose_device("cuda", 2, 4).device, torch::Device(torch::kCUDA, 2));
  EXPECT_EQ(choose_device("cuda:1", 0, 2).device, torch::Device(torch::kCUDA, 1));
  EXPECT_TRUE(choose_device("cpu", 0, 8).device.is_cpu());
}

TEST(DeviceChoice, ACudaDeviceThatIsNotThereOrABadValueIsAnErrorNamingTheOption) {
  for (const auto& [requested, devices] : std::vector<std::pair<std::string, int>>{
           {"cuda", 0}, {"cuda:0", 0}, {"cuda:2", 2}, {"gpu", 1}, {"cuda:", 1}, {"cuda:-1", 1}, {"cuda:x", 1}}) {
    try {
      choose_device(requested, 0, devices);
      ADD_FAILURE() << requested << " with " << devices << " devices was accepted";
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find("option 'train.device': '" + requested + "'"), std::string::npos)
          << error.what();
    }
  }
  EXPECT_THROW(check_device_option("gpu"), InputError);
  EXPECT_NO_THROW(check_device_option("cuda:3"));  // the syntax alone: no device needed
  EXPECT_NO_THROW(check_device_option("auto"));
}

TEST(DeviceChoice, AModuleIsOnTheDeviceOfItsParameters) {
  torch::nn::Linear linear(2, 3);
  EXPECT_TRUE(device_of(*linear).is_cpu());
  torch::nn::Module elsewhere;  // parameters on another device than the CPU, one every build has
  elsewhere.register_parameter("weight", torch::empty({2, 3}, torch::TensorOptions().device(torch::kMeta)));
  EXPECT_EQ(device_of(elsewhere).type(), torch::kMeta);
}

}  // namespace
}  // namespace hypera::core
