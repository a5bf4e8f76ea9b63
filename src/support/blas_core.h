#pragma once
// Which kernels OpenBLAS runs on this CPU. OpenBLAS picks them when it is loaded, from the CPU model; a model it
// does not know (OpenBLAS 0.3.21 of Debian 12 and family 6 model 207, Emerald Rapids) gets its generic SSE3
// kernels ("Prescott"), which make matrix products (the agents' linear layers; the U-Net's convolutions do not
// go through OpenBLAS) four to five times slower. OPENBLAS_CORETYPE, set before the process starts, overrides
// the choice.
#include <string>

#include "support/cpu_features.h"

namespace hypera::support {

// openblas_get_corename() of the OpenBLAS this process has loaded (looked up at run time, so the project does not
// link OpenBLAS itself), e.g. "Haswell", "SkylakeX", "Prescott"; "" when no OpenBLAS is loaded. Thread-safe.
std::string openblas_core();

// One line telling the user that OpenBLAS runs kernels older than the CPU's (a core without AVX2 on a CPU with
// avx2) and what to set: OPENBLAS_CORETYPE=SKYLAKEX with avx512f, else HASWELL. "" when there is nothing to
// say (no OpenBLAS, or a core that fits). Case-insensitive in the core name.
std::string blas_core_warning(const std::string& core, const CpuFeatures& cpu);

}  // namespace hypera::support
