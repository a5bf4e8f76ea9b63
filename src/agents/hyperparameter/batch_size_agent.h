#pragma once
// BatchSizeAgent: the per-rank batch size, once per epoch (EpochBegin).
//   State: shared features + batch size (linear position in [1, 512]).
//   Action: discrete, 0 halve, 1 keep, 2 double. It also proposes lr scaled by the same ratio (the linear
//   scaling rule), which may conflict with other agents' lr proposals at this hook.
//   Memory: never proposes more than `max_batch` (memory_safe_batch_size below), so the agent cannot cause
//   an out-of-memory failure.
#include <algorithm>
#include <cmath>

#include "agents/hyperparameter/hyperparameter_agent.h"

namespace hypera::agents {

class BatchSizeAgent final : public HyperparameterAgent {
 public:
  explicit BatchSizeAgent(int64_t max_batch) : max_batch_(std::max<int64_t>(1, max_batch)) {}
  std::string name() const override { return "batch_size"; }
  AgentCadence cadence() const override { return {core::Hook::EpochBegin, 1}; }
  std::vector<std::string> observed_hyperparameters() const override { return {"batch_size"}; }
  ActionSpace action_space() const override { return {{}, {}, 3}; }
  std::vector<HyperparameterProposal> propose(const std::vector<float>& action, const core::HyperparameterRegistry& r,
                                              double) const override {
    const double current = r.get("batch_size");
    const double ratio = action[0] < 0.5 ? 0.5 : action[0] < 1.5 ? 1.0 : 2.0;
    const double next = std::min<double>(max_batch_, std::max(1.0, std::round(current * ratio)));
    return {{"batch_size", next}, {"lr", r.get("lr") * next / current}};
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
