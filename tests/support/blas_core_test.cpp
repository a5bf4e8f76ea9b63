// The warning about OpenBLAS kernels older than the CPU (blas_core.h); the core name itself comes from the
// loaded OpenBLAS and is printed by `train`.
#include "support/blas_core.h"

#include <gtest/gtest.h>

namespace hypera::support {
namespace {

const CpuFeatures kAvx512 = parse_cpuinfo("model name : x\nflags : sse2 avx2 avx512f\n");
const CpuFeatures kAvx2 = parse_cpuinfo("model name : x\nflags : sse2 avx2\n");
const CpuFeatures kSse = parse_cpuinfo("model name : x\nflags : sse2 sse3\n");

TEST(BlasCore, GenericKernelsOnAnAvxCpuNameTheFittingCoreType) {
  const std::string warning = blas_core_warning("Prescott", kAvx512);
  EXPECT_NE(warning.find("Prescott kernels"), std::string::npos) << warning;
  EXPECT_NE(warning.find("OPENBLAS_CORETYPE=SKYLAKEX"), std::string::npos) << warning;
  EXPECT_NE(blas_core_warning("NEHALEM", kAvx2).find("OPENBLAS_CORETYPE=HASWELL"), std::string::npos);
}

TEST(BlasCore, NothingToSayWhenTheKernelsFitOrThereIsNoOpenBlas) {
  EXPECT_EQ(blas_core_warning("Haswell", kAvx2), "");
  EXPECT_EQ(blas_core_warning("SkylakeX", kAvx512), "");
  EXPECT_EQ(blas_core_warning("Prescott", kSse), "");
  EXPECT_EQ(blas_core_warning("", kAvx512), "");
}

}  // namespace
}  // namespace hypera::support
