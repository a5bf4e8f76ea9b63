#include "support/cpu_features.h"

#include <gtest/gtest.h>

namespace hypera::support {
namespace {

// Two processors as the kernel lists them: the first processor's entries count.
const char* const kSapphireRapids =
    "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n"
    "flags\t\t: fpu sse2 avx2 avx512f avx512_bf16 amx_bf16 amx_tile\n\n"
    "processor\t: 1\nmodel name\t: other\nflags\t\t: fpu\n";
const char* const kEpycAvx2 = "processor\t: 0\nmodel name\t: AMD EPYC 7B12\nflags\t\t: fpu sse2 avx2 fma\n";

TEST(CpuFeatures, ReadsTheModelAndFlagsOfTheFirstProcessor) {
  const CpuFeatures cpu = parse_cpuinfo(kSapphireRapids);
  EXPECT_EQ(cpu.model, "Intel(R) Xeon(R) Processor");
  EXPECT_EQ(cpu.flags.size(), 7u);
  EXPECT_TRUE(cpu.has("amx_tile"));
  EXPECT_FALSE(cpu.has("amx"));  // whole words only
  EXPECT_TRUE(cpu.computes_bf16());
}

TEST(CpuFeatures, Bf16IsInHardwareOnlyWithAvx512Bf16OrAmx) {
  EXPECT_FALSE(parse_cpuinfo(kEpycAvx2).computes_bf16());
  EXPECT_TRUE(parse_cpuinfo("model name : x\nflags : avx512_bf16\n").computes_bf16());
  EXPECT_TRUE(parse_cpuinfo("model name : x\nflags : amx_bf16\n").computes_bf16());
}

TEST(CpuFeatures, TextWithoutAProcessorHasNoFlags) {
  const CpuFeatures cpu = parse_cpuinfo("");
  EXPECT_EQ(cpu.model, "unknown");
  EXPECT_TRUE(cpu.flags.empty());
  EXPECT_FALSE(cpu.computes_bf16());
  EXPECT_FALSE(parse_cpuinfo("model names : x\nflagsx : amx_bf16\n").computes_bf16()) << "other keys";
}

TEST(CpuFeatures, ABindingCountsAsItIs) {
  EXPECT_EQ(cores_for_process(4, 16, "4", nullptr), 4);  // mpirun --bind-to: the launcher already divided
  EXPECT_EQ(cores_for_process(0, 16, nullptr, nullptr), 1);
}

TEST(CpuFeatures, AnUnboundMaskIsSharedAmongTheLocalRanks) {
  EXPECT_EQ(cores_for_process(16, 16, nullptr, nullptr), 16);
  EXPECT_EQ(cores_for_process(16, 16, "4", nullptr), 4);
  EXPECT_EQ(cores_for_process(16, 16, nullptr, "8"), 2);         // MPICH / Intel MPI
  EXPECT_EQ(cores_for_process(2, 2, "3", nullptr), 1);           // oversubscribed: at least one
  EXPECT_EQ(cores_for_process(16, 16, "many", "2"), 8);          // an unreadable count gives way to the next
  EXPECT_EQ(cores_for_process(16, 16, "0", nullptr), 16);
  EXPECT_EQ(cores_for_process(16, 16, "2.5", nullptr), 16);
}

TEST(CpuFeatures, ThisProcessMayComputeOnAtLeastOneCore) {
  EXPECT_GE(cores_for_this_process(), 1);
  EXPECT_NE(cpu_description().find(" cores, flags"), std::string::npos);
}

}  // namespace
}  // namespace hypera::support
