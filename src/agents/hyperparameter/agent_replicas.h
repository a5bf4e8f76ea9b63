#pragma once
// sac::ReplicaGroup over the ranks' comm::Collective: the hyperparameter agents of every rank are replicas of
// each other (data-parallel SAC, replica_group.h). Also measures the experience exchange (the all-gathers of
// new transitions) for the run summary. Collectives as in replica_group.h. Not thread-safe.
#include <cstdint>

#include "comm/collective.h"
#include "sac/agent/replica_group.h"

namespace hypera::agents {

class AgentReplicas final : public sac::ReplicaGroup {
 public:
  explicit AgentReplicas(comm::Collective& group) : group_(group) {}

  int rank() const override { return group_.rank(); }
  int size() const override { return group_.size(); }
  void average(torch::Tensor& values) override;
  std::vector<std::vector<float>> allgather(const std::vector<float>& local) override;

  // Wall time spent in allgather() so far, and the float values it moved into this rank.
  double exchange_seconds() const { return exchange_seconds_; }
  int64_t exchanged_values() const { return exchanged_values_; }

 private:
  comm::Collective& group_;
  double exchange_seconds_ = 0;
  int64_t exchanged_values_ = 0;
};

}  // namespace hypera::agents
