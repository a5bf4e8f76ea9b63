#include "agents/hyperparameter/agent_replicas.h"

#include <chrono>

#include "comm/host_values.h"

namespace hypera::agents {

void AgentReplicas::average(torch::Tensor& values) { comm::average_in_place(group_, values); }

std::vector<std::vector<float>> AgentReplicas::allgather(const std::vector<float>& local) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::vector<float>> all = comm::allgather_floats(group_, local);
  for (const auto& values : all) exchanged_values_ += static_cast<int64_t>(values.size());
  exchange_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return all;
}

}  // namespace hypera::agents
