#pragma once
// What the CPU this process runs on can compute fast, read from the kernel's /proc/cpuinfo (Linux).
// Machines of one kind differ (one has AVX512-BF16 and AMX, another only AVX2), so precision choices and
// every benchmark figure depend on these flags.
#include <string>
#include <vector>

namespace hypera::support {

struct CpuFeatures {
  std::string model;               // "model name" of the first processor; "unknown" when not listed
  std::vector<std::string> flags;  // the first processor's flags, as the kernel lists them
  bool has(const std::string& flag) const;
  // bf16 matrix products in hardware: avx512_bf16 or amx_bf16. Elsewhere bf16 is emulated and several times
  // slower than fp32.
  bool computes_bf16() const;
};

// Parses the text of /proc/cpuinfo. Text without a processor entry gives model "unknown" and no flags.
CpuFeatures parse_cpuinfo(const std::string& text);

// This machine's features (/proc/cpuinfo read once, on first use; thread-safe). Unreadable: model "unknown",
// no flags, so computes_bf16() is false.
const CpuFeatures& this_cpu();

// The cores this process may compute on: the CPUs of its affinity mask (sched_getaffinity: what Slurm's or
// mpirun's binding leaves it). A mask of every CPU of the machine (no binding) is shared among the ranks an MPI
// launcher started on this node (OMPI_COMM_WORLD_LOCAL_SIZE or MPI_LOCALNRANKS, when set and valid). At least 1.
int cores_for_this_process();

// The rule of cores_for_this_process, pure: `mask_cpus` CPUs in the affinity mask of a machine of `machine_cpus`;
// a mask smaller than the machine is a binding and counts as it is (at least 1). Otherwise the mask is divided
// among the local ranks: the first of `ompi_local_size` and `mpi_local_ranks` (the environment's texts, null when
// unset) that is a whole number in [1, 10^6]; 1 when neither is. At least 1.
int cores_for_process(int mask_cpus, int machine_cpus, const char* ompi_local_size, const char* mpi_local_ranks);

// "<model>, <n> cores, flags avx2 avx512f avx512_bf16 amx_bf16" (of those four, the ones present): the line every
// benchmark and summary.json records.
std::string cpu_description();

}  // namespace hypera::support
