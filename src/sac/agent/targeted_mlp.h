#pragma once
// An online StackedMlp and its target copy: the target starts as an exact, frozen copy and follows the online
// network by Polyak averaging. The twin critics and the value network are both one of these.
// Not thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "sac/agent/stacked_mlp.h"

namespace hypera::sac {

class TargetedMlp {
 public:
  // StackedMlp's arguments (and its exceptions).
  TargetedMlp(int64_t members, int64_t inputs, const std::vector<int64_t>& hidden, int64_t outputs,
              const std::string& activation, at::Generator& generator)
      : online_(members, inputs, hidden, outputs, activation, generator), target_(online_.frozen_copy()) {}

  // target <- tau * online + (1 - tau) * target
  void update_target(double tau) { target_.polyak_from(online_, tau); }

  StackedMlp& online() { return online_; }
  const StackedMlp& online() const { return online_; }
  StackedMlp& target() { return target_; }
  const StackedMlp& target() const { return target_; }

 private:
  StackedMlp online_;
  StackedMlp target_;
};

}  // namespace hypera::sac
