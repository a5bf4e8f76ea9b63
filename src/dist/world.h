#pragma once
// Who this process is in the MPI world, and the launcher cross-check.
#include <mpi.h>

#include <functional>
#include <optional>
#include <string>

namespace hypera::dist {

struct WorldInfo {
  int rank = 0;         // 0 .. size-1 in the world communicator
  int size = 1;         // number of ranks; 1 for a plain single process
  int local_rank = 0;   // 0 .. local_size-1 among the ranks of this node (shared-memory split)
  int local_size = 1;   // ranks on this node
};

// Collective over `comm` (every rank calls it). Local rank and size come from
// MPI_Comm_split_type(MPI_COMM_TYPE_SHARED) ordered by world rank. Cost: one communicator split.
WorldInfo describe_world(MPI_Comm comm);

// Reads one environment variable; nullopt when unset. process_environment() reads the real one.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
std::optional<std::string> process_environment(const std::string& name);

// Variables through which a launcher announces how many ranks it started, checked in this order.
// SLURM_NTASKS (sbatch/srun), OMPI_COMM_WORLD_SIZE (Open MPI's mpirun), PMI_SIZE (MPICH/Hydra, srun PMI2).
inline constexpr const char* kLauncherSizeVariables[] = {"SLURM_NTASKS", "OMPI_COMM_WORLD_SIZE", "PMI_SIZE"};

// Every variable of kLauncherSizeVariables that is set must be a positive integer equal to world_size;
// otherwise throws hypera::InputError naming the variable, e.g. "SLURM_NTASKS=2 but the MPI world has 1
// rank: ...". This is the classic silent failure (each task starts its own single-rank world). Local.
void check_launcher_size(int world_size, const EnvironmentLookup& environment = process_environment);

}  // namespace hypera::dist
