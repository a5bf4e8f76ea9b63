#include "dist/world.h"

#include <cstdlib>

#include "support/input_error.h"

namespace hypera::dist {

WorldInfo describe_world(MPI_Comm comm) {
  WorldInfo info;
  MPI_Comm_rank(comm, &info.rank);
  MPI_Comm_size(comm, &info.size);
  MPI_Comm node;
  MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, info.rank, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &info.local_rank);
  MPI_Comm_size(node, &info.local_size);
  MPI_Comm_free(&node);
  return info;
}

std::optional<std::string> process_environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

void check_launcher_size(int world_size, const EnvironmentLookup& environment) {
  for (const char* name : kLauncherSizeVariables) {
    const auto value = environment(name);
    if (!value) continue;
    std::size_t used = 0;
    long tasks = 0;
    try {
      tasks = std::stol(*value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != value->size() || tasks < 1) {
      throw InputError(std::string(name) + "='" + *value + "' is not a positive task count");
    }
    if (tasks != world_size) {
      throw InputError(std::string(name) + "=" + *value + " but the MPI world has " + std::to_string(world_size) +
                       (world_size == 1 ? " rank" : " ranks") +
                       ": launch every task into one world (mpirun -n N, or srun --mpi=pmix)");
    }
  }
}

}  // namespace hypera::dist
