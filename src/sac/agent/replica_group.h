#pragma once
// The ranks that hold replicas of one SAC agent: data-parallel SAC (docs/ARCHITECTURE.md). sac declares it and
// knows nothing of MPI; the agents layer implements it over comm::Collective (agent_replicas.h).
//
// With a group, a SacAgent
//  - gives every new transition to allgather(), so every rank sees every rank's experience in rank order;
//    each transition gets the next global sequence id and is stored only on shard id % size() (ShardedReplay);
//  - samples its batch from its own shard and averages every gradient (critics, actor, value network,
//    temperature) with average() before each optimizer step, so replicas built from the same seed stay
//    bitwise identical: the same networks, optimizers and temperature on every rank.
// Every method except rank() and size() is a collective: every rank calls it, in the same order, from the
// thread that runs training. Not thread-safe.
#include <torch/torch.h>

#include <vector>

namespace hypera::sac {

class ReplicaGroup {
 public:
  virtual ~ReplicaGroup() = default;
  virtual int rank() const = 0;  // 0 .. size() - 1
  virtual int size() const = 0;  // >= 1
  // In place: the element-wise mean over the ranks of a contiguous float32 CPU tensor of the same size on
  // every rank; the result is bitwise equal on every rank.
  virtual void average(torch::Tensor& values) = 0;
  // Every rank's `local` (float32 values, any length, 0 allowed) in rank order.
  virtual std::vector<std::vector<float>> allgather(const std::vector<float>& local) = 0;
};

}  // namespace hypera::sac
