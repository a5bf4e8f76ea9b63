#include "core/train/precision_choice.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace hypera::core {
namespace {

const support::CpuFeatures kWithBf16 = support::parse_cpuinfo("model name : x\nflags : avx2 avx512f avx512_bf16\n");
const support::CpuFeatures kAvx2Only = support::parse_cpuinfo("model name : y\nflags : avx2 fma\n");

TEST(PrecisionChoice, AutoTakesBf16WhereTheCpuComputesIt) {
  const PrecisionChoice choice = choose_precision("auto", kWithBf16);
  EXPECT_TRUE(choice.bf16);
  EXPECT_NE(choice.reason.find("avx512_bf16"), std::string::npos) << choice.reason;
  EXPECT_FALSE(choose_precision("auto", kAvx2Only).bf16);
}

TEST(PrecisionChoice, AnExplicitChoiceIsKeptOnEveryCpu) {
  EXPECT_FALSE(choose_precision("fp32", kWithBf16).bf16);
  EXPECT_TRUE(choose_precision("bf16", kAvx2Only).bf16);
  EXPECT_NE(choose_precision("bf16", kAvx2Only).reason.find("emulates"), std::string::npos);
  EXPECT_THROW(choose_precision("fp16", kWithBf16), std::invalid_argument);
}

TEST(PrecisionChoice, OnACudaDeviceTheGpuDecidesNotTheCpu) {
  const PrecisionChoice ampere = choose_precision("auto", kAvx2Only, true);
  EXPECT_TRUE(ampere.bf16);
  EXPECT_NE(ampere.reason.find("GPU"), std::string::npos) << ampere.reason;
  EXPECT_FALSE(choose_precision("auto", kWithBf16, false).bf16);
  EXPECT_NE(choose_precision("bf16", kWithBf16, false).reason.find("GPU emulates"), std::string::npos);
  EXPECT_EQ(gpu_bf16(torch::kCPU), std::nullopt);  // on the CPU its flags decide
}

}  // namespace
}  // namespace hypera::core
