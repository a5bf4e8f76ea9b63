#pragma once
// BatchSizeAgent: the gradient noise scale through the per-rank batch size, once per epoch (EpochBegin).
//   State: shared features (gradient_noise among them) + batch size (linear position in [1, 512]).
//   Action: discrete, 0 half, 1 the configured batch size, 2 double it. The learning rate is NOT scaled with
//   it: a larger batch at the same lr lowers the gradient noise (annealing, as a smaller lr would), which
//   the linear scaling rule would undo. An epoch keeps its samples (a larger batch takes fewer steps).
//   Memory: never proposes more than `max_batch` (memory_safe_batch_size below; the factory passes the
//   smallest value over the ranks, so every rank proposes the same), so the agent cannot cause an
//   out-of-memory failure.
#include <algorithm>
#include <cmath>

#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class BatchSizeAgent final : public HyperparameterAgent {
 public:
  explicit BatchSizeAgent(int64_t max_batch) : max_batch_(std::max<int64_t>(1, max_batch)) {}
  std::string name() const override { return "batch_size"; }
  AgentCadence cadence() const override { return {core::Hook::EpochBegin, 1}; }
  std::vector<std::string> observed_hyperparameters() const override { return {tunable::kBatchSize}; }
  ActionSpace action_space() const override { return {{}, {}, 3}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& action, const core::HyperparameterRegistry& r,
                                              double) const override {
    const double ratio = action[0] < 0.5 ? 0.5 : action[0] < 1.5 ? 1.0 : 2.0;
    const double base = configured(r, tunable::kBatchSize);
    return {{tunable::kBatchSize,
             std::min<double>(std::max<double>(max_batch_, base), std::max(1.0, std::round(base * ratio)))}};
  }
  int priority() const override { return 3; }

 private:
  int64_t max_batch_;
};

// The largest per-rank batch whose activations fit in half of `available_bytes`, estimated for a U-Net with
// `base_channels` on patches of `patch_voxels`: forward activations and their gradients, about 24 floats per
// voxel and base channel summed over the levels (each level halves the voxels per axis, doubles channels).
int64_t memory_safe_batch_size(int64_t patch_voxels, int64_t base_channels, double available_bytes);

}  // namespace hypera::agents
