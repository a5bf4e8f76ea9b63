#include "agents/hyperparameter/agent_replicas.h"

#include <chrono>
#include <cstring>

namespace hypera::agents {

std::vector<std::vector<float>> AgentReplicas::allgather(const std::vector<float>& local) {
  const auto start = std::chrono::steady_clock::now();
  const std::string bytes(reinterpret_cast<const char*>(local.data()), local.size() * sizeof(float));
  std::vector<std::vector<float>> all;
  for (const std::string& part : group_.allgather(bytes)) {
    std::vector<float> values(part.size() / sizeof(float));
    std::memcpy(values.data(), part.data(), values.size() * sizeof(float));
    exchanged_values_ += static_cast<int64_t>(values.size());
    all.push_back(std::move(values));
  }
  exchange_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return all;
}

}  // namespace hypera::agents
